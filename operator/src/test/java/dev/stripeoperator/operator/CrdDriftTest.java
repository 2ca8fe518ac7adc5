package dev.stripeoperator.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed CRD YAML is exactly what the generator makes of the Java model, columns in the declared order. */
class CrdDriftTest {

    private static final String FILE = CommittedCrd.FILE;
    private static final String HOW_TO_FIX = "run `make crds` and commit crds/ and helm/stripe-webhook-operator/crds/";

    @Test
    void committedCrdEqualsTheGeneratedOne() throws IOException {
        String generated = CommittedCrd.render(Path.of(System.getProperty("crd.generated")));
        Path committed = Path.of(System.getProperty("crd.committed")).resolve(FILE);

        assertThat(committed).as("crds/%s is missing: %s", FILE, HOW_TO_FIX).exists();
        assertThat(Files.readString(committed))
                .as("crds/%s differs from the CRD generated from the Java model: %s", FILE, HOW_TO_FIX)
                .isEqualTo(generated);
    }

    @Test
    void printerColumnsKeepTheOrderTheModelDeclares() throws IOException {
        String committed =
                Files.readString(Path.of(System.getProperty("crd.committed")).resolve(FILE));

        assertThat(committed
                        .lines()
                        .filter(line -> line.matches("\\s+name: \"[A-Z][A-Za-z-]*\""))
                        .toList())
                .containsExactly(
                        "      name: \"Ready\"",
                        "      name: \"URL\"",
                        "      name: \"Previous-Secret-Until\"",
                        "      name: \"Last-Reconcile\"",
                        "      name: \"Age\"");
    }

    @Test
    void theHelmChartCarriesTheSameCrd() throws IOException {
        Path helmCopy = Path.of(System.getProperty("crd.helm")).resolve(FILE);
        Path committed = Path.of(System.getProperty("crd.committed")).resolve(FILE);

        assertThat(helmCopy)
                .as("helm/stripe-webhook-operator/crds/%s is missing: %s", FILE, HOW_TO_FIX)
                .exists();
        assertThat(Files.readString(helmCopy))
                .as("helm/stripe-webhook-operator/crds/%s differs from crds/%s: %s", FILE, FILE, HOW_TO_FIX)
                .isEqualTo(Files.readString(committed));
    }
}
