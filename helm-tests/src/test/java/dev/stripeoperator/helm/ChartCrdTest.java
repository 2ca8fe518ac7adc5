package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart ships exactly the CRD the operator generates into crds/. */
class ChartCrdTest {

    private final Repository repository = Repository.current();

    @Test
    void chartCrdsAreByteIdenticalToTheTopLevelCrds() throws IOException {
        Path chartCrds = repository.chart().resolve("crds");

        assertThat(fileNames(chartCrds)).as("files in %s", chartCrds).isEqualTo(fileNames(repository.crds()));
        for (String name : fileNames(repository.crds())) {
            assertThat(Files.readAllBytes(chartCrds.resolve(name)))
                    .as("%s differs from crds/%s: run `make crds`", chartCrds.resolve(name), name)
                    .isEqualTo(Files.readAllBytes(repository.crds().resolve(name)));
        }
    }

    @Test
    void crdDefinesTheResourceThatTheRbacRulesAndExamplesName() throws IOException {
        CustomResourceDefinition crd = crd(repository);

        assertThat(crd.getSpec().getGroup()).isEqualTo("webhooks.stripe-operator.dev");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("stripewebhookendpoints");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("StripeWebhookEndpoint");
        assertThat(crd.getSpec().getNames().getShortNames())
                .as("`kubectl get swe`")
                .contains("swe");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getVersions())
                .filteredOn(CustomResourceDefinitionVersion::getStorage)
                .hasSize(1);
    }

    @Test
    void everyServedVersionHasAStatusSubresourceAndShowsTheUrlInKubectlGet() throws IOException {
        List<CustomResourceDefinitionVersion> served = crd(repository).getSpec().getVersions().stream()
                .filter(CustomResourceDefinitionVersion::getServed)
                .toList();

        assertThat(served).isNotEmpty().allSatisfy(version -> {
            assertThat(version.getSubresources()).as(version.getName()).isNotNull();
            assertThat(version.getSubresources().getStatus())
                    .as(version.getName() + " status subresource")
                    .isNotNull();
            assertThat(version.getAdditionalPrinterColumns())
                    .as(version.getName() + " printer columns")
                    .extracting(CustomResourceColumnDefinition::getJsonPath)
                    .contains(".status.url");
        });
    }

    @Test
    void theKindIsDescribedAndListedByTheStripeCategory() throws IOException {
        CustomResourceDefinition crd = crd(repository);

        assertThat(crd.getSpec().getNames().getCategories())
                .as("`kubectl get stripe`")
                .containsExactly("stripe");
        assertThat(crd.getSpec().getVersions())
                .allSatisfy(version -> assertThat(
                                version.getSchema().getOpenAPIV3Schema().getDescription())
                        .as(version.getName())
                        .contains("Stripe webhook endpoint"));
    }

    @Test
    void conditionsAreAListKeyedByTypeAsMetav1ConditionListsAre() throws IOException {
        List<CustomResourceDefinitionVersion> versions =
                crd(repository).getSpec().getVersions();

        assertThat(versions).allSatisfy(version -> {
            JSONSchemaProps conditions = version.getSchema()
                    .getOpenAPIV3Schema()
                    .getProperties()
                    .get("status")
                    .getProperties()
                    .get("conditions");
            assertThat(conditions.getXKubernetesListType())
                    .as(version.getName())
                    .isEqualTo("map");
            assertThat(conditions.getXKubernetesListMapKeys())
                    .as(version.getName())
                    .containsExactly("type");
            assertThat(conditions.getItems().getSchema().getRequired())
                    .as("a list-map key must be required")
                    .contains("type");
        });
    }

    static CustomResourceDefinition crd(Repository repository) throws IOException {
        return Serialization.unmarshal(
                Files.readString(repository.crds().resolve(Repository.CRD_FILE)), CustomResourceDefinition.class);
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
