package dev.stripeoperator.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.stripeoperator.localcluster.AuditEvent;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.localcluster.LocalClusterExtension;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After everything the tests before it made the operator do (run under the chart's ServiceAccount), the API server's
 * audit log shows that the chart's ClusterRole is enough (nothing refused) and no more than needed (every grant used).
 */
@Order(6)
@ExtendWith({LocalClusterExtension.class, InstalledChartExtension.class})
class RbacIT {

    /**
     * Grants that no request of the scenario shows, each needed all the same. Server-side apply's create is a PATCH
     * that answers 201, counted as a create below, so it is not listed here.
     */
    private static final Map<String, String> NEEDED_WITHOUT_A_REQUEST = Map.of(
            "webhooks.stripe-operator.dev/stripewebhookendpoints/finalizers:update",
            "the children's ownerReferences block the endpoint's deletion; clusters with the "
                    + "OwnerReferencesPermissionEnforcement admission plugin (OpenShift) check this grant on every create",
            "webhooks.stripe-operator.dev/stripewebhookreplays/finalizers:update",
            "the same for the Job of a StripeWebhookReplay (ReplayIT)",
            "coordination.k8s.io/leases:update",
            "the leader renews its Lease with a PATCH, but the operator refuses to start electing unless a "
                    + "SelfSubjectRulesReview shows create, get and update on the Lease");

    private static LocalCluster cluster;
    private static List<AuditEvent> requests;

    @BeforeAll
    static void readTheAuditLog(LocalCluster localCluster, InstalledChart chart) {
        cluster = localCluster;
        requests = localCluster.auditLog().events(e -> e.user().equals(InstalledChart.OPERATOR_USER));
    }

    @Test
    void theOperatorMadeRequestsUnderItsServiceAccount() {
        assertThat(requests).extracting(AuditEvent::verb).contains("list", "watch", "patch");
    }

    @Test
    void noRequestOfTheOperatorWasRefused() {
        assertThat(requests.stream()
                        .filter(e -> e.code() == 401 || e.code() == 403)
                        .map(e -> e.code() + " " + e.verb() + " " + e.requestUri())
                        .toList())
                .as("requests the API server refused the operator")
                .isEmpty();
    }

    @Test
    void everyPermissionTheChartGrantsWasUsed() {
        ClusterRole role = cluster.admin()
                .rbac()
                .clusterRoles()
                .withName(InstalledChart.NAMESPACE + "-" + InstalledChart.RELEASE)
                .get();
        Set<String> granted = grants(role.getRules());
        Set<String> used = requests.stream()
                .filter(e -> e.code() < 400 && !e.resource().isEmpty())
                .flatMap(e -> e.verb().equals("patch") && e.code() == 201
                        ? java.util.stream.Stream.of(key(e, "patch"), key(e, "create"))
                        : java.util.stream.Stream.of(key(e, e.verb())))
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        unused.removeAll(NEEDED_WITHOUT_A_REQUEST.keySet());

        assertThat(unused)
                .as("granted by the chart but never used by the operator (used: %s)", used)
                .isEmpty();
    }

    @Test
    void theOperatorReadItsInstallationsIdentityFromTheOneNamespaceItsIdentityRoleNames() {
        ClusterRole identity = cluster.admin()
                .rbac()
                .clusterRoles()
                .withName(InstalledChart.NAMESPACE + "-" + InstalledChart.RELEASE + "-identity")
                .get();

        assertThat(identity).as("the identity ClusterRole").isNotNull();
        assertThat(requests.stream()
                        .filter(e -> e.resource().equals("namespaces"))
                        .map(e -> e.verb() + " " + e.name() + " " + e.code())
                        .toList())
                .as("the operator's requests for namespaces")
                .isNotEmpty()
                .allMatch(request -> request.equals("get kube-system 200"));
    }

    @Test
    void theLeaderElectionUsesTheLeaseNamedAfterTheReleaseAndEveryGrantOfItsRole() {
        Lease lease = cluster.admin()
                .leases()
                .inNamespace(InstalledChart.NAMESPACE)
                .withName(InstalledChart.LEASE)
                .get();

        assertThat(lease)
                .as("Lease %s/%s", InstalledChart.NAMESPACE, InstalledChart.LEASE)
                .isNotNull();
        assertThat(lease.getSpec().getHolderIdentity()).as("its holder").isNotBlank();
        List<AuditEvent> leaseRequests =
                requests.stream().filter(e -> e.resource().equals("leases")).toList();
        assertThat(leaseRequests).allSatisfy(e -> {
            assertThat(e.namespace()).isEqualTo(InstalledChart.NAMESPACE);
            assertThat(e.name()).as("%s %s", e.verb(), e.requestUri()).isIn(InstalledChart.LEASE, "");
        });
        Set<String> granted = grants(cluster.admin()
                .rbac()
                .roles()
                .inNamespace(InstalledChart.NAMESPACE)
                .withName(InstalledChart.RELEASE + "-leader-election")
                .get()
                .getRules());
        Set<String> used = requests.stream()
                .filter(e -> e.resource().equals("leases") && e.code() < 400)
                .map(e -> key(e, e.verb()))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        unused.removeAll(NEEDED_WITHOUT_A_REQUEST.keySet());
        assertThat(unused)
                .as("granted by the leader election Role but never used (used: %s)", used)
                .isEmpty();
        assertThat(used)
                .as("a Lease created and renewed")
                .contains("coordination.k8s.io/leases:create", "coordination.k8s.io/leases:patch");
    }

    @Test
    void applicationTeamsBoundToTheStockRolesOwnTheEndpointsOfTheirNamespaceOnly() {
        String ns = "e2e-team";
        AppliedManifests manifests = new AppliedManifests(cluster);
        manifests.apply(AppliedManifests.restrictedNamespace(ns));
        manifests.apply(bindStockRole(ns, "edit", "app-team") + "---\n" + bindStockRole(ns, "view", "auditor"));

        // The cluster's aggregation controller copies the chart's rules into the stock roles.
        await().atMost(Duration.ofSeconds(60)).until(() -> allowed("app-team", ns, "create", ""));
        assertThat(manifests.applyAs("app-team", AppliedManifests.endpoint(ns, "")))
                .contains("created");

        assertThat(allowed("app-team", ns, "update", "")).isTrue();
        assertThat(allowed("app-team", ns, "delete", "")).isTrue();
        assertThat(allowed("app-team", ns, "patch", "status"))
                .as("the status is the operator's")
                .isFalse();
        assertThat(allowed("app-team", "payments", "create", ""))
                .as("another team's namespace")
                .isFalse();
        assertThat(allowed("auditor", ns, "list", "")).isTrue();
        assertThat(allowed("auditor", ns, "get", "")).isTrue();
        assertThat(allowed("auditor", ns, "create", "")).isFalse();
        assertThat(allowed("app-team", ns, "create", "stripewebhookreplays", ""))
                .as("the team replays and discards its endpoints' events")
                .isTrue();
        assertThat(allowed("app-team", ns, "patch", "stripewebhookreplays", "status"))
                .isFalse();
        assertThat(allowed("app-team", "payments", "create", "stripewebhookreplays", ""))
                .isFalse();
        assertThat(allowed("auditor", ns, "list", "stripewebhookreplays", "")).isTrue();
        assertThat(allowed("auditor", ns, "create", "stripewebhookreplays", "")).isFalse();
    }

    /** Whether the API server's authorizer lets {@code user} do {@code verb} on endpoints (or a subresource) in {@code ns}. */
    private static boolean allowed(String user, String ns, String verb, String subresource) {
        return allowed(user, ns, verb, "stripewebhookendpoints", subresource);
    }

    /** Whether the API server's authorizer lets {@code user} do {@code verb} on a resource of the group in {@code ns}. */
    private static boolean allowed(String user, String ns, String verb, String resource, String subresource) {
        SubjectAccessReview review = cluster.admin()
                .authorization()
                .v1()
                .subjectAccessReview()
                .create(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(user)
                        .withNewResourceAttributes()
                        .withGroup("webhooks.stripe-operator.dev")
                        .withResource(resource)
                        .withSubresource(subresource)
                        .withNamespace(ns)
                        .withVerb(verb)
                        .endResourceAttributes()
                        .endSpec()
                        .build());
        return review.getStatus().getAllowed();
    }

    private static String bindStockRole(String ns, String role, String user) {
        return """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: { name: %2$s-%3$s, namespace: %1$s }
                roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %2$s }
                subjects: [ { apiGroup: rbac.authorization.k8s.io, kind: User, name: %3$s } ]
                """.formatted(ns, role, user);
    }

    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    rule.getVerbs().forEach(verb -> granted.add(group + "/" + resource + ":" + verb));
                }
            }
        }
        return granted;
    }

    private static String key(AuditEvent event, String verb) {
        return event.apiGroup() + "/" + event.rbacResource() + ":" + verb;
    }
}
