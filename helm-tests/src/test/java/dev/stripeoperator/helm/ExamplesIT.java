package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** examples/ renders with `kubectl kustomize` into a consistent set: namespace, Secrets and an endpoint that fits the CRD. */
class ExamplesIT {

    private static final Repository REPOSITORY = Repository.current();

    private static Manifests examples;

    @BeforeAll
    static void render() {
        CommandResult kustomize = REPOSITORY
                .tool("kubectl")
                .run(List.of("kustomize", REPOSITORY.examples().toString()))
                .requireSuccess();
        examples = Manifests.parse(kustomize.stdout());
    }

    @Test
    void kustomizationListsEveryExampleManifest() throws IOException {
        Map<String, Object> kustomization = Serialization.unmarshal(
                Files.readString(REPOSITORY.examples().resolve("kustomization.yaml")), Map.class);

        assertThat(kustomization.get("resources"))
                .asInstanceOf(InstanceOfAssertFactories.LIST)
                .containsExactlyInAnyOrderElementsOf(yamlFilesIn(REPOSITORY.examples()));
    }

    @Test
    void rendersANamespaceItsSecretsAndTheEndpointAllInThatNamespace() {
        assertThat(examples.kinds())
                .containsExactly("Namespace", "Secret", "Secret", "Secret", "StripeWebhookEndpoint");
        String namespace = examples.only(Namespace.class).getMetadata().getName();
        assertThat(examples.objects())
                .filteredOn(object -> !(object instanceof Namespace))
                .allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
                        .as(object.getKind() + "/" + object.getMetadata().getName())
                        .isEqualTo(namespace));
    }

    @Test
    void everySecretTheEndpointNamesExistsWithTheNamedKeyAndAPlaceholderOfTheRightKind() {
        GenericKubernetesResource endpoint = endpoint();

        assertThat(secretValue(endpoint, "signingSecret", "secretRef")).startsWith("whsec_");
        assertThat(secretValue(endpoint, "database", "urlSecretRef")).startsWith("jdbc:postgresql://");
        assertThat(secretValue(endpoint, "reconciliation", "apiKeySecretRef"))
                .as("a restricted key of the endpoint's mode")
                .startsWith(Boolean.TRUE.equals(endpoint.get("spec", "livemode")) ? "rk_live_" : "rk_test_");
    }

    @Test
    void theEndpointIsAServedVersionOfTheCrdAndFitsItsSchema() throws IOException {
        CustomResourceDefinition crd = ChartCrdTest.crd(REPOSITORY);
        GenericKubernetesResource endpoint = endpoint();

        String group = crd.getSpec().getGroup();
        assertThat(endpoint.getApiVersion()).startsWith(group + "/");
        String version = endpoint.getApiVersion().substring(group.length() + 1);
        CustomResourceDefinitionVersion served = crd.getSpec().getVersions().stream()
                .filter(v -> v.getName().equals(version) && v.getServed())
                .findFirst()
                .orElseThrow(() -> new AssertionError("the CRD serves no version " + version));
        var schema = served.getSchema().getOpenAPIV3Schema().getProperties().get("spec");

        assertThat(new CrdSchema(schema).problems(endpoint.get("spec"))).isEmpty();
    }

    @Test
    void theEndpointUsesEveryFeatureOfTheDesign() {
        GenericKubernetesResource endpoint = endpoint();

        assertThat(endpoint.<Map<String, Object>>get("spec"))
                .containsKeys(
                        "signingSecret",
                        "livemode",
                        "enabledEvents",
                        "database",
                        "sink",
                        "reconciliation",
                        "receiver",
                        "exposure",
                        "retention");
        assertThat(endpoint.<String>get("spec", "signingSecret", "rotationGracePeriod"))
                .isNotBlank();
    }

    @Test
    void theReplayExamplesWorkTheExampleEndpointAndFitTheReplayCrd() throws IOException {
        GenericKubernetesResource endpoint = endpoint();
        var schema = ChartCrdTest.specSchema(REPOSITORY, Repository.REPLAY_CRD_FILE);

        for (String file : List.of("replay-dead-letters.yaml", "discard-test-events.yaml")) {
            GenericKubernetesResource replay = Serialization.unmarshal(
                    Files.readString(REPOSITORY.examples().resolve("replay").resolve(file)),
                    GenericKubernetesResource.class);

            assertThat(replay.getKind()).as(file).isEqualTo("StripeWebhookReplay");
            assertThat(replay.getMetadata().getNamespace())
                    .as(file)
                    .isEqualTo(endpoint.getMetadata().getNamespace());
            assertThat(replay.<String>get("spec", "endpoint"))
                    .as(file)
                    .isEqualTo(endpoint.getMetadata().getName());
            assertThat(new CrdSchema(schema).problems(replay.get("spec")))
                    .as(file)
                    .isEmpty();
            assertThat(replay.<String>get("spec", "reason"))
                    .as("%s says why", file)
                    .isNotBlank();
        }
        GenericKubernetesResource discard = Serialization.unmarshal(
                Files.readString(REPOSITORY.examples().resolve("replay/discard-test-events.yaml")),
                GenericKubernetesResource.class);
        assertThat(discard.<String>get("spec", "action")).isEqualTo("discard");
        assertThat(discard.<Boolean>get("spec", "dryRun"))
                .as("a discard example looks before it leaps")
                .isTrue();
    }

    @Test
    void externalSecretsProduceTheSigningSecretAndTheApiKeyUnderTheNamesAndKeysTheEndpointUses() throws IOException {
        GenericKubernetesResource endpoint = endpoint();
        List<GenericKubernetesResource> externalSecrets = secretSources("external-secrets.yaml");

        assertThat(externalSecrets).allSatisfy(external -> {
            assertThat(external.getApiVersion()).isEqualTo("external-secrets.io/v1");
            assertThat(external.getKind()).isEqualTo("ExternalSecret");
            assertThat(external.getMetadata().getNamespace())
                    .isEqualTo(endpoint.getMetadata().getNamespace());
            assertThat(external.<String>get("spec", "refreshInterval")).isNotBlank();
        });
        Map<String, List<String>> produced = externalSecrets.stream()
                .collect(Collectors.toMap(
                        external -> external.<String>get("spec", "target", "name"),
                        external -> external.<List<Map<String, Object>>>get("spec", "data").stream()
                                .map(data -> (String) data.get("secretKey"))
                                .toList()));
        assertThat(produced)
                .containsEntry(
                        endpoint.<String>get("spec", "signingSecret", "secretRef", "name"),
                        List.of(endpoint.<String>get("spec", "signingSecret", "secretRef", "key")))
                .containsEntry(
                        endpoint.<String>get("spec", "reconciliation", "apiKeySecretRef", "name"),
                        List.of(endpoint.<String>get("spec", "reconciliation", "apiKeySecretRef", "key")));
    }

    @Test
    void theSealedSecretUnsealsIntoTheSigningSecretWithItsKey() throws IOException {
        GenericKubernetesResource endpoint = endpoint();
        GenericKubernetesResource sealed =
                secretSources("sealed-signing-secret.yaml").getFirst();

        assertThat(sealed.getApiVersion()).isEqualTo("bitnami.com/v1alpha1");
        assertThat(sealed.<String>get("spec", "template", "metadata", "name"))
                .isEqualTo(endpoint.<String>get("spec", "signingSecret", "secretRef", "name"));
        assertThat(sealed.<Map<String, String>>get("spec", "encryptedData"))
                .containsOnlyKeys(endpoint.<String>get("spec", "signingSecret", "secretRef", "key"));
    }

    @Test
    void theCloudNativePgClusterGeneratesTheSecretItsCommentTellsTheEndpointToName() throws IOException {
        String file = Files.readString(REPOSITORY.examples().resolve("secrets/cloudnative-pg.yaml"));
        GenericKubernetesResource cluster = secretSources("cloudnative-pg.yaml").getFirst();

        assertThat(cluster.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(cluster.getMetadata().getNamespace())
                .isEqualTo(endpoint().getMetadata().getNamespace());
        assertThat(cluster.<String>get("spec", "bootstrap", "initdb", "database"))
                .isNotBlank();
        // CloudNativePG's application Secret is <cluster>-app, the JDBC URL with credentials under jdbc-uri
        assertThat(file)
                .contains("urlSecretRef: { name: " + cluster.getMetadata().getName() + "-app, key: jdbc-uri }");
    }

    @Test
    void theScheduledBackupBacksUpTheCloudNativePgClusterWhoseWalGoesToTheSameObjectStore() throws IOException {
        GenericKubernetesResource cluster = secretSources("cloudnative-pg.yaml").getFirst();
        List<GenericKubernetesResource> backup = secretSources("cloudnative-pg-backup.yaml");
        GenericKubernetesResource store = backup.stream()
                .filter(object -> object.getKind().equals("ObjectStore"))
                .findFirst()
                .orElseThrow();
        GenericKubernetesResource scheduled = backup.stream()
                .filter(object -> object.getKind().equals("ScheduledBackup"))
                .findFirst()
                .orElseThrow();

        assertThat(store.getApiVersion()).isEqualTo("barmancloud.cnpg.io/v1");
        assertThat(scheduled.getApiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        assertThat(backup)
                .allSatisfy(object -> assertThat(object.getMetadata().getNamespace())
                        .isEqualTo(cluster.getMetadata().getNamespace()));
        assertThat(scheduled.<String>get("spec", "cluster", "name"))
                .isEqualTo(cluster.getMetadata().getName());
        assertThat(scheduled.<String>get("spec", "method")).isEqualTo("plugin");
        assertThat(scheduled.<String>get("spec", "pluginConfiguration", "name"))
                .isEqualTo("barman-cloud.cloudnative-pg.io");
        assertThat(scheduled.<String>get("spec", "schedule").split(" "))
                .as("CloudNativePG's cron has a seconds field first, six in all")
                .hasSize(6);
        assertThat(cluster.<List<Map<String, Object>>>get("spec", "plugins"))
                .as("the Cluster archives its WAL with the plugin to the backup's ObjectStore")
                .singleElement()
                .satisfies(plugin -> {
                    assertThat(plugin)
                            .containsEntry("name", "barman-cloud.cloudnative-pg.io")
                            .containsEntry("isWALArchiver", true);
                    assertThat(plugin.get("parameters"))
                            .isEqualTo(Map.of(
                                    "barmanObjectName", store.getMetadata().getName()));
                });
        assertThat(store.<String>get("spec", "retentionPolicy"))
                .as("as far back as Stripe lists events for a backfill")
                .isEqualTo("30d");
    }

    @Test
    void theManagedExampleFitsTheCrdAndNamesItsApiKeySecret() throws IOException {
        List<GenericKubernetesResource> managed = new ArrayList<>();
        for (String file : List.of("endpoint.yaml", "stripe-webhook-admin-secret.yaml")) {
            managed.add(Serialization.unmarshal(
                    Files.readString(REPOSITORY.examples().resolve("managed").resolve(file)),
                    GenericKubernetesResource.class));
        }
        GenericKubernetesResource endpoint = managed.getFirst();
        GenericKubernetesResource secret = managed.getLast();
        var schema = ChartCrdTest.specSchema(REPOSITORY, Repository.CRD_FILE);

        assertThat(new CrdSchema(schema).problems(endpoint.get("spec"))).isEmpty();
        assertThat(endpoint.<Boolean>get("spec", "stripe", "manage")).isTrue();
        assertThat(endpoint.<Map<String, Object>>get("spec", "signingSecret"))
                .as("Stripe gives the secret")
                .doesNotContainKey("secretRef")
                .containsKey("rotateEvery");
        assertThat(secret.getMetadata().getName()).isEqualTo(endpoint.get("spec", "stripe", "apiKeySecretRef", "name"));
        assertThat(secret.getMetadata().getNamespace())
                .isEqualTo(endpoint.getMetadata().getNamespace());
        assertThat(secret.<Map<String, String>>get("stringData"))
                .extractingByKey(endpoint.<String>get("spec", "stripe", "apiKeySecretRef", "key"))
                .asString()
                .startsWith("rk_test_");
        assertThat(examples.objects())
                .as("the base example has the database Secret the managed one names")
                .anySatisfy(object -> {
                    assertThat(object).isInstanceOf(Secret.class);
                    assertThat(object.getMetadata().getName())
                            .isEqualTo(endpoint.<String>get("spec", "database", "urlSecretRef", "name"));
                });
    }

    private static List<GenericKubernetesResource> secretSources(String file) throws IOException {
        return Manifests.parse(Files.readString(
                        REPOSITORY.examples().resolve("secrets").resolve(file)))
                .all(GenericKubernetesResource.class);
    }

    private static GenericKubernetesResource endpoint() {
        GenericKubernetesResource endpoint = examples.only(GenericKubernetesResource.class);
        assertThat(endpoint.getKind()).isEqualTo("StripeWebhookEndpoint");
        return endpoint;
    }

    /** The decoded value behind a {name, key} reference in the endpoint's spec. */
    private static String secretValue(GenericKubernetesResource endpoint, String... pathToReference) {
        Object[] path =
                Stream.concat(Stream.of("spec"), Stream.of(pathToReference)).toArray();
        Map<String, String> reference = endpoint.get(path);
        assertThat(reference).as(String.join(".", pathToReference)).containsKeys("name", "key");
        Secret secret = examples.all(Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals(reference.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + reference.get("name")));
        String key = reference.get("key");
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        assertThat(secret.getData())
                .as("Secret %s key %s", reference.get("name"), key)
                .containsKey(key);
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    private static List<String> yamlFilesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml"))
                    .toList();
        }
    }
}
