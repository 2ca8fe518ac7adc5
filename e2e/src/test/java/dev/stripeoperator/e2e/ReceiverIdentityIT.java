package dev.stripeoperator.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A receiver under a ServiceAccount of its endpoint, with a CA bundle and a projected token for another audience,
 * as the real node's kubelet runs it: the pod is Ready (the restricted namespace admits the volumes), the kubelet
 * writes the bundle and a token for that audience and account where the spec mounts them, readable by the receiver's
 * user, and no Kubernetes API token is mounted.
 */
@Order(5)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class ReceiverIdentityIT {

    private static final String NAMESPACE = "e2e-identity";
    private static final String WHSEC = "whsec_e2e_identity";
    private static final String CA = "-----BEGIN CERTIFICATE-----\ne2e corporate CA\n-----END CERTIFICATE-----\n";

    private static LocalCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void anEndpointUnderItsOwnAccount(LocalCluster localCluster, NodeServices services, InstalledChart chart) {
        cluster = localCluster;
        client = localCluster.admin();
        AppliedManifests manifests = new AppliedManifests(cluster);
        manifests.namespaceWithSecrets(NAMESPACE, WHSEC, services.jdbcUrl(), NodeServices.STRIPE_API_KEY);
        manifests.apply("""
                apiVersion: v1
                kind: ServiceAccount
                metadata: { name: billing-db, namespace: %1$s }
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: corporate-ca, namespace: %1$s }
                data:
                  ca.crt: |
                %2$s""".formatted(NAMESPACE, CA.indent(4)));
        manifests.apply(AppliedManifests.endpoint(NAMESPACE, """
                receiver:
                  replicas: 1
                  pod:
                    serviceAccountName: billing-db
                    volumes:
                      - name: corporate-ca
                        configMap: { name: corporate-ca }
                      - name: vault-token
                        projected:
                          sources:
                            - serviceAccountToken: { audience: vault, expirationSeconds: 600, path: token }
                    volumeMounts:
                      - { name: corporate-ca, mountPath: /etc/ssl/corporate, readOnly: true }
                      - { name: vault-token, mountPath: /var/run/secrets/vault, readOnly: true }
                """));
        manifests.awaitEveryReceiver(NAMESPACE);
    }

    @Test
    void theKubeletMountsTheBundleAndATokenForTheAudienceButNoApiToken() {
        List<Pod> pods = AppliedManifests.receiverPods(client, NAMESPACE, "billing");
        assertThat(pods)
                .singleElement()
                .satisfies(
                        pod -> assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("billing-db"));
        String pod = pods.getFirst().getMetadata().getName();

        // kubectl's output comes back stripped of its last newline
        assertThat(exec(pod, "cat", "/etc/ssl/corporate/ca.crt")).isEqualTo(CA.strip());
        String[] jwt = exec(pod, "cat", "/var/run/secrets/vault/token").trim().split("\\.");
        assertThat(jwt).hasSize(3);
        JsonObject claims = JsonParser.parseString(
                        new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertThat(claims.get("aud").getAsJsonArray().asList())
                .extracting(e -> e.getAsString())
                .containsExactly("vault");
        assertThat(claims.get("sub").getAsString()).isEqualTo("system:serviceaccount:" + NAMESPACE + ":billing-db");
        assertThatThrownBy(() -> exec(pod, "ls", "/var/run/secrets/kubernetes.io/serviceaccount"))
                .as("no Kubernetes API token, the account notwithstanding")
                .hasMessageContaining("No such file or directory");
    }

    /** Runs a command in the pod's receiver container as its user; what it printed. */
    private static String exec(String pod, String... command) {
        List<String> args = new ArrayList<>(List.of("-n", NAMESPACE, "exec", pod, "-c", "receiver", "--"));
        args.addAll(List.of(command));
        return cluster.kubectl(args.toArray(String[]::new));
    }
}
