package dev.stripeoperator.helm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tools the checks need fail loudly, naming how to install them, instead of letting a check pass unrun. */
class RepositoryTest {

    private final Repository repository = Repository.current();

    @Test
    void aMissingMachineToolFailsWithTheDebianPackageThatHasIt() {
        assertThatThrownBy(() -> repository.systemTool("make-that-is-not-there", "make"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("make-that-is-not-there is not installed")
                .hasMessageContaining("apt-get install make")
                .hasMessageContaining(".ci/run");
    }

    @Test
    void aToolBuiltFromTheGoModuleProxyIsBuiltOnceAndFound() {
        Tool first = repository.builtTool("argocd-health");
        Tool again = repository.builtTool("argocd-health");

        assertThat(first.binary()).isExecutable().isEqualTo(again.binary());
        assertThat(first.binary().toString()).contains("stripe-webhook-operator/argocd-health/");
    }

    @Test
    void anInstalledMachineToolIsFoundOnThePath() {
        assertThat(repository.systemTool("sh", "dash").binary()).isExecutable();
    }
}
