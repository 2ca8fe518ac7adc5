package dev.stripeoperator.receiver.forwarding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.stripeoperator.contract.SettingException;

import static dev.stripeoperator.contract.ReceiverSetting.SINK_BEARER_TOKEN_FILE;

/**
 * The bearer token sent to a sink behind an authenticating proxy, read from a mounted Secret file at every attempt so
 * that a changed token is used without a restart.
 */
final class SinkBearerToken {

    private final Path file;

    private SinkBearerToken(Path file) {
        this.file = file;
    }

    /**
     * The token in {@code file}, checked once now.
     *
     * @throws SettingException when the file cannot be read or is empty
     */
    static SinkBearerToken of(Path file) {
        SinkBearerToken token = new SinkBearerToken(file);
        try {
            token.value();
        } catch (IOException e) {
            throw new SettingException(SINK_BEARER_TOKEN_FILE + " " + file + ": " + e.getMessage());
        }
        return token;
    }

    /** The {@code Authorization} header's value. */
    String header() throws IOException {
        return "Bearer " + value();
    }

    private String value() throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // Never quoted: the file holds a credential.
            throw new IOException("the token is empty or has characters a header cannot carry");
        }
        return token;
    }
}
