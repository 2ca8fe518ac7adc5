package dev.stripeoperator.operator;

import java.util.List;
import java.util.Map;

import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.operator.config.ReceiverDefaults;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CRD's rules on {@code spec.receiver.pod.volumes} and {@code .volumeMounts}, evaluated the way the API server
 * evaluates them (CEL, {@code self} the list), and the operator's check of its {@code RECEIVER_DEFAULTS}, which must
 * come to the same verdict on the same volumes: nothing may take the operator's volume names or hide, or hide under,
 * a path the receiver uses itself.
 */
class ExtraVolumesRulesTest {

    private static final JSONSchemaProps POD =
            OperatorEnvironment.specField("receiver").getProperties().get("pod");

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/etc/stripe-ca",
                "/etc/stripe/ca",
                "/etc/ssl/certs/internal-ca.pem",
                "/var/run/secrets/tokens",
                "/application",
                "/tmpfiles",
                "/opt/java/truststore"
            })
    void aMountBesideTheReceiversOwnPathsPasses(String path) throws Exception {
        assertThat(mountViolations("ca-bundle", path)).isEmpty();
        assertThat(ReceiverDefaults.parse(defaults("ca-bundle", path))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/tmp",
                "/tmp/cache",
                "/app",
                "/app/libs",
                "/etc/stripe/signing",
                "/etc/stripe/signing/extra",
                "/etc/stripe/api",
                "/etc/stripe/forwarding",
                "/etc/stripe/sink",
                "/etc/stripe",
                "/etc",
                "/dev",
                "/dev/termination-log"
            })
    void aMountAtAboveOrBelowAPathTheReceiverUsesIsRefused(String path) throws Exception {
        assertThat(mountViolations("ca-bundle", path))
                .singleElement()
                .asString()
                .contains("at, above or below the paths the receiver uses itself", "/etc/stripe/signing", "/tmp");
        assertThatThrownBy(() -> ReceiverDefaults.parse(defaults("ca-bundle", path)))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("neither at, above nor below");
    }

    @ParameterizedTest
    @ValueSource(strings = {"etc/ca", "/etc/ca/", "/etc//stripe/signing", "/etc/stripe/./signing", "/opt/..", "/"})
    void aMountPathThatIsNotPlainIsRefusedSoThatNoSpellingSlipsPastTheCheck(String path) throws Exception {
        assertThat(mountViolations("ca-bundle", path))
                .anySatisfy(
                        message -> assertThat(message).contains("absolute path without empty, '.' or '..' components"));
        assertThatThrownBy(() -> ReceiverDefaults.parse(defaults("ca-bundle", path)))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("absolute mountPaths");
    }

    @ParameterizedTest
    @ValueSource(strings = {"signing-secrets", "forwarding-keys", "sink-token", "stripe-api-key", "tmp"})
    void theOperatorsVolumeNamesAreRefusedForVolumesAndMounts(String name) throws Exception {
        assertThat(violations("volumes", List.of(Map.of("name", name, "emptyDir", Map.of()))))
                .singleElement()
                .asString()
                .contains("the names of the operator's own volumes");
        assertThat(mountViolations(name, "/etc/extra"))
                .singleElement()
                .asString()
                .contains("not the operator's");
        assertThatThrownBy(() -> ReceiverDefaults.parse(defaults(name, "/etc/extra")))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("names of the operator's own volumes; found " + name);
    }

    @Test
    void volumesAreKeyedByNameAndMountsByPathSoThatTheApiServerRefusesDuplicates() {
        assertThat(POD.getProperties().get("volumes").getXKubernetesListMapKeys())
                .containsExactly("name");
        assertThat(POD.getProperties().get("volumeMounts").getXKubernetesListMapKeys())
                .containsExactly("mountPath");
        assertThat(POD.getProperties()
                        .get("volumeMounts")
                        .getItems()
                        .getSchema()
                        .getRequired())
                .contains("name", "mountPath");
        assertThat(POD.getProperties().get("volumes").getMaxItems()).isEqualTo(32L);
    }

    private static List<String> mountViolations(String name, String path) throws Exception {
        return violations("volumeMounts", List.of(Map.of("name", name, "mountPath", path)));
    }

    /** The messages of the rules on {@code property} that {@code self} breaks. */
    private static List<String> violations(String property, Object self) throws Exception {
        return CelRules.violations(POD.getProperties().get(property).getXKubernetesValidations(), self);
    }

    /** RECEIVER_DEFAULTS with one volume of that name, mounted at that path. */
    private static String defaults(String name, String path) {
        return Serialization.asJson(Map.of(
                "pod",
                Map.of(
                        "volumes", List.of(Map.of("name", name, "emptyDir", Map.of())),
                        "volumeMounts", List.of(Map.of("name", name, "mountPath", path)))));
    }
}
