package dev.stripeoperator.helm;

import java.util.List;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator pod's optional NetworkPolicy: in, its health port; out, DNS and the API server where the values say. */
class ChartNetworkPolicyIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @Test
    void offByDefault() {
        assertThat(ValueSet.DEFAULTS.render(helm).all(NetworkPolicy.class)).isEmpty();
    }

    @Test
    void admitsOnlyTheHealthPortAndLetsOutOnlyDnsAndTheApiServer() {
        Manifests manifests = helm.template("--set", "networkPolicy.enabled=true", "--set", "healthPort=9090");

        NetworkPolicy policy = manifests.only(NetworkPolicy.class);
        assertThat(policy.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(
                        manifests.only(Deployment.class).getSpec().getSelector().getMatchLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(ports(rule.getPorts())).containsExactly("TCP/9090");
            assertThat(rule.getFrom())
                    .as("from anywhere unless metricsFrom says")
                    .isEmpty();
        });
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).hasSize(2);
        assertThat(ports(egress.get(0).getPorts())).containsExactly("UDP/53", "TCP/53");
        assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/443", "TCP/6443");
        assertThat(egress.get(1).getTo())
                .as("any address until apiServer.cidrs says")
                .isEmpty();
    }

    @Test
    void theApiServerDnsAndScrapersAreWhereTheValuesSay() {
        NetworkPolicy policy = helm.template(
                        "--set",
                        "networkPolicy.enabled=true",
                        "--set",
                        "networkPolicy.apiServer.ports={6443}",
                        "--set",
                        "networkPolicy.apiServer.cidrs={172.18.0.2/32,172.18.0.3/32}",
                        "--set",
                        "networkPolicy.dnsTo[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=kube-system",
                        "--set",
                        "networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=monitoring",
                        "--set",
                        "networkPolicy.extraEgress[0].ports[0].port=3128")
                .only(NetworkPolicy.class);

        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
        assertThat(egress).hasSize(3);
        assertThat(egress.get(0).getTo())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "kube-system"));
        assertThat(ports(egress.get(1).getPorts())).containsExactly("TCP/6443");
        assertThat(egress.get(1).getTo())
                .extracting(peer -> peer.getIpBlock().getCidr())
                .containsExactly("172.18.0.2/32", "172.18.0.3/32");
        assertThat(egress.get(2).getPorts())
                .singleElement()
                .satisfies(port -> assertThat(port.getPort()).isEqualTo(new IntOrString(3128)));
        assertThat(policy.getSpec().getIngress().getFirst().getFrom())
                .singleElement()
                .satisfies(peer -> assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "monitoring"));
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream()
                .map(port -> port.getProtocol() + "/" + port.getPort().getIntVal())
                .toList();
    }
}
