package dev.stripeoperator.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each committed CRD YAML is exactly what the generator makes of the Java model, columns in the declared order. */
class CrdDriftTest {

    private static final String HOW_TO_FIX = "run `make crds` and commit crds/ and helm/stripe-webhook-operator/crds/";

    static Stream<CommittedCrd> crds() {
        return CommittedCrd.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("crds")
    void committedCrdEqualsTheGeneratedOne(CommittedCrd crd) throws IOException {
        String generated = crd.render(Path.of(System.getProperty("crd.generated")));
        Path committed = Path.of(System.getProperty("crd.committed")).resolve(crd.file());

        assertThat(committed)
                .as("crds/%s is missing: %s", crd.file(), HOW_TO_FIX)
                .exists();
        assertThat(Files.readString(committed))
                .as("crds/%s differs from the CRD generated from the Java model: %s", crd.file(), HOW_TO_FIX)
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @MethodSource("crds")
    void printerColumnsKeepTheOrderTheModelDeclares(CommittedCrd crd) throws IOException {
        String committed =
                Files.readString(Path.of(System.getProperty("crd.committed")).resolve(crd.file()));

        assertThat(committed
                        .lines()
                        .filter(line -> line.matches("\\s+name: \"[A-Z][A-Za-z-]*\""))
                        .map(line -> line.strip().replaceAll("^name: \"|\"$", ""))
                        .toList())
                .isEqualTo(crd.declaredColumns());
    }

    @ParameterizedTest
    @MethodSource("crds")
    void theHelmChartCarriesTheSameCrd(CommittedCrd crd) throws IOException {
        Path helmCopy = Path.of(System.getProperty("crd.helm")).resolve(crd.file());
        Path committed = Path.of(System.getProperty("crd.committed")).resolve(crd.file());

        assertThat(helmCopy)
                .as("helm/stripe-webhook-operator/crds/%s is missing: %s", crd.file(), HOW_TO_FIX)
                .exists();
        assertThat(Files.readString(helmCopy))
                .as("helm/stripe-webhook-operator/crds/%s differs from crds/%s: %s", crd.file(), crd.file(), HOW_TO_FIX)
                .isEqualTo(Files.readString(committed));
    }

    @ParameterizedTest
    @MethodSource("crds")
    void theColumnsAreThoseTheReadmeShows(CommittedCrd crd) {
        List<String> expected = crd == CommittedCrd.ENDPOINT
                ? List.of("Ready", "URL", "Previous-Secret-Until", "Last-Reconcile", "Age")
                : List.of(
                        "Endpoint", "Action", "Dry-Run", "Phase", "Matched", "Replayed", "Discarded", "Failed", "Age");

        assertThat(crd.declaredColumns()).isEqualTo(expected);
    }
}
