package dev.stripeoperator.helm;

import java.io.IOException;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** With crds.templated the CRD is one of the release's objects: the very CRD of crds/, kept on uninstall. */
class ChartCrdTemplateIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @Test
    void theTemplatedCrdIsTheCrdOfTheCrdsDirectoryKeptOnUninstall() throws IOException {
        CustomResourceDefinition templated =
                helm.template("--set", "crds.templated=true").only(CustomResourceDefinition.class);
        CustomResourceDefinition committed = ChartCrdTest.crd(Repository.current());

        assertThat(templated.getMetadata().getName())
                .isEqualTo(committed.getMetadata().getName());
        assertThat(templated.getSpec()).isEqualTo(committed.getSpec());
        assertThat(templated.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(templated.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "Helm");
    }

    @Test
    void withoutItTheTemplatesCarryNoCrd() {
        assertThat(helm.template("--set", "crds.templated=false").all(CustomResourceDefinition.class))
                .isEmpty();
    }
}
