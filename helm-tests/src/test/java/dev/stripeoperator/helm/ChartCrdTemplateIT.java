package dev.stripeoperator.helm;

import java.io.IOException;
import java.util.List;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With crds.templated the CRDs are objects of the release: the very CRDs of crds/, kept on uninstall. */
class ChartCrdTemplateIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @Test
    void theTemplatedCrdsAreTheCrdsOfTheCrdsDirectoryKeptOnUninstall() throws IOException {
        List<CustomResourceDefinition> templated =
                helm.template("--set", "crds.templated=true").all(CustomResourceDefinition.class);

        assertThat(templated)
                .extracting(crd -> crd.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(Repository.CRD_FILES.stream()
                        .map(file -> file.substring(0, file.length() - "-v1.yml".length()))
                        .toList());
        for (CustomResourceDefinition crd : templated) {
            CustomResourceDefinition committed =
                    ChartCrdTest.crd(Repository.current(), crd.getMetadata().getName() + "-v1.yml");
            assertThat(crd.getSpec()).isEqualTo(committed.getSpec());
            assertThat(crd.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
            assertThat(crd.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
        }
    }

    @Test
    void withoutItTheTemplatesCarryNoCrd() {
        assertThat(helm.template("--set", "crds.templated=false").all(CustomResourceDefinition.class))
                .isEmpty();
    }
}
