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

/** The chart ships exactly the CRDs the operator generates into crds/: StripeWebhookEndpoint and StripeWebhookReplay. */
class ChartCrdTest {

    private final Repository repository = Repository.current();

    @Test
    void chartCrdsAreByteIdenticalToTheTopLevelCrds() throws IOException {
        Path chartCrds = repository.chart().resolve("crds");

        assertThat(fileNames(chartCrds)).as("files in %s", chartCrds).isEqualTo(fileNames(repository.crds()));
        assertThat(fileNames(repository.crds())).containsExactlyInAnyOrderElementsOf(Repository.CRD_FILES);
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

    @Test
    void theReplayKindIsNamespacedInTheSameGroupAndCategoryWithAStatusAndAnImmutableSpec() throws IOException {
        CustomResourceDefinition crd = crd(repository, Repository.REPLAY_CRD_FILE);

        assertThat(crd.getSpec().getGroup()).isEqualTo("webhooks.stripe-operator.dev");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("stripewebhookreplays");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("StripeWebhookReplay");
        assertThat(crd.getSpec().getNames().getShortNames())
                .as("`kubectl get swr`")
                .containsExactly("swr");
        assertThat(crd.getSpec().getNames().getCategories())
                .as("`kubectl get stripe`")
                .containsExactly("stripe");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(version -> {
            assertThat(version.getName())
                    .isEqualTo(
                            crd(repository).getSpec().getVersions().getFirst().getName());
            assertThat(version.getSubresources().getStatus()).isNotNull();
            assertThat(version.getAdditionalPrinterColumns())
                    .extracting(CustomResourceColumnDefinition::getJsonPath)
                    .containsExactly(
                            ".spec.endpoint",
                            ".spec.action",
                            ".spec.dryRun",
                            ".status.phase",
                            ".status.matched",
                            ".status.replayed",
                            ".status.discarded",
                            ".status.failed",
                            ".metadata.creationTimestamp");
            JSONSchemaProps spec =
                    version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
            assertThat(spec.getRequired()).containsExactlyInAnyOrder("endpoint", "action");
            assertThat(spec.getXKubernetesValidations())
                    .as("a replay runs once: its spec never changes")
                    .anySatisfy(rule -> assertThat(rule.getRule()).isEqualTo("self == oldSelf"));
            assertThat(version.getSchema().getOpenAPIV3Schema().getDescription())
                    .contains("StripeWebhookEndpoint", "Job");
        });
    }

    static CustomResourceDefinition crd(Repository repository) throws IOException {
        return crd(repository, Repository.CRD_FILE);
    }

    /** The schema of {@code spec} in the first version of the CRD {@code file}. */
    static JSONSchemaProps specSchema(Repository repository, String file) throws IOException {
        return crd(repository, file)
                .getSpec()
                .getVersions()
                .getFirst()
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec");
    }

    static CustomResourceDefinition crd(Repository repository, String file) throws IOException {
        return Serialization.unmarshal(
                Files.readString(repository.crds().resolve(file)), CustomResourceDefinition.class);
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
