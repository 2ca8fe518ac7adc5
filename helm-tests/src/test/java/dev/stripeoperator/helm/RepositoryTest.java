package dev.stripeoperator.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tools the checks need fail loudly, naming how to install them, instead of letting a check pass unrun. */
class RepositoryTest {

    private final Repository repository = Repository.current();

    @Test
    void aMissingMachineToolFailsWithTheDebianPackageThatHasIt() {
        assertThatThrownBy(() -> repository.systemTool("promtool-that-is-not-there", "prometheus"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("promtool-that-is-not-there is not installed")
                .hasMessageContaining("apt-get install prometheus")
                .hasMessageContaining(".ci/run");
    }

    @Test
    void anInstalledMachineToolIsFoundOnThePath() {
        assertThat(repository.systemTool("sh", "dash").binary()).isExecutable();
    }
}
