package dev.stripeoperator.receiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.contract.ReceiverImage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver's Dockerfile builds the image the contract describes: the user pods run as, its port, its command. */
class ReceiverImageTest {

    private static List<String> instructions(String name) throws IOException {
        return Files.readAllLines(Path.of("Dockerfile")).stream()
                .filter(line -> line.startsWith(name + " "))
                .map(line -> line.substring(name.length() + 1).trim())
                .toList();
    }

    @Test
    void runsAsTheUserTheOperatorGivesItsPods() throws IOException {
        assertThat(instructions("USER")).containsExactly(ReceiverImage.USER + ":" + ReceiverImage.USER);
    }

    @Test
    void exposesThePortTheOperatorRoutesTo() throws IOException {
        assertThat(instructions("EXPOSE")).containsExactly(Integer.toString(ReceiverImage.PORT));
    }

    @Test
    void keepsItsJarWhereMountsAreRefused() throws IOException {
        assertThat(instructions("WORKDIR")).containsExactly(ReceiverImage.APP_DIR);
        assertThat(instructions("COPY"))
                .isNotEmpty()
                .allSatisfy(copy -> assertThat(copy).contains(" " + ReceiverImage.APP_DIR + "/"));
    }

    @Test
    void servesByDefault() throws IOException {
        assertThat(instructions("CMD")).containsExactly("[\"" + ReceiverCommand.SERVE.word() + "\"]");
    }
}
