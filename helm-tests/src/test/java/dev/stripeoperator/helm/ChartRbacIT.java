package dev.stripeoperator.helm;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.stripeoperator.helm.OperatorPermissions.Permission;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart grants the operator no more than it uses, and only where it uses it. */
class ChartRbacIT {

    private static final Permission LEASES = new Permission("coordination.k8s.io", "leases", "get");

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void noRuleUsesWildcardsOrNonResourceUrls(ValueSet values) {
        Manifests manifests = values.render(helm);

        List<PolicyRule> rules = allRules(manifests);

        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).as("apiGroups").isNotEmpty().doesNotContain("*");
            assertThat(rule.getResources())
                    .as("resources")
                    .isNotEmpty()
                    .doesNotContain("*")
                    .noneMatch(r -> r.endsWith("/*"));
            assertThat(rule.getVerbs()).as("verbs").isNotEmpty().doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).as("nonResourceURLs").isEmpty();
        });
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void theWatchRulesAreNoWiderThanWhatTheOperatorManagesAndCoverWhatItCannotDoWithout(ValueSet values) {
        Manifests manifests = values.render(helm);

        Set<Permission> granted = OperatorPermissions.granted(watchRules(manifests));

        assertThat(granted).isSubsetOf(OperatorPermissions.WATCHED_NAMESPACES);
        assertThat(granted).containsAll(OperatorPermissions.ESSENTIAL);
    }

    @Test
    void clusterModeBindsOneClusterRoleToTheOperatorsServiceAccount() {
        Manifests manifests = ValueSet.DEFAULTS.render(helm);

        ClusterRole role = operatorClusterRoles(manifests).getFirst();
        ClusterRoleBinding binding = bindingOf(manifests, role);

        assertThat(operatorClusterRoles(manifests)).hasSize(1);

        assertThat(binding.getRoleRef())
                .extracting(RoleRef::getKind, RoleRef::getName)
                .containsExactly("ClusterRole", role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> isTheOperator(subject, manifests));
        assertThat(manifests.all(Role.class))
                .as("no Role without leader election")
                .isEmpty();
    }

    @Test
    void namespacedModeGrantsARoleInEachWatchedNamespaceAndClusterWideOnlyTheReadOfTheClusterIdentity() {
        Manifests manifests = ValueSet.NAMESPACED.render(helm);

        assertThat(operatorClusterRoles(manifests))
                .as("ClusterRoles other than the aggregated ones for people and the identity's")
                .isEmpty();
        assertThat(manifests.all(ClusterRoleBinding.class))
                .singleElement()
                .satisfies(binding -> assertThat(binding.getRoleRef().getName())
                        .isEqualTo(identityRole(manifests)
                                .orElseThrow()
                                .getMetadata()
                                .getName()));
        assertThat(manifests.all(Role.class))
                .extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("payments", "shop");
        assertThat(manifests.all(RoleBinding.class)).hasSize(2).allSatisfy(binding -> {
            String namespace = binding.getMetadata().getNamespace();
            Role role = manifests.all(Role.class).stream()
                    .filter(r -> r.getMetadata().getNamespace().equals(namespace))
                    .findFirst()
                    .orElseThrow();
            assertThat(binding.getRoleRef())
                    .extracting(RoleRef::getKind, RoleRef::getName)
                    .containsExactly("Role", role.getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> isTheOperator(subject, manifests));
        });
    }

    @Test
    void leasesAreGrantedOnlyWithLeaderElectionAndOnlyInTheReleaseNamespace() {
        Manifests without = ValueSet.DEFAULTS.render(helm);
        Manifests with = ValueSet.HIGH_AVAILABILITY.render(helm);

        assertThat(OperatorPermissions.granted(allRules(without))).doesNotContain(LEASES);
        Role leaseRole = with.all(Role.class).stream()
                .filter(role -> OperatorPermissions.granted(role.getRules()).contains(LEASES))
                .reduce((a, b) -> {
                    throw new AssertionError("more than one Role grants leases");
                })
                .orElseThrow(() -> new AssertionError("no Role grants leases with leader election on"));
        assertThat(leaseRole.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
        assertThat(OperatorPermissions.granted(leaseRole.getRules())).isEqualTo(OperatorPermissions.LEADER_ELECTION);
        assertThat(OperatorPermissions.granted(
                        operatorClusterRoles(with).getFirst().getRules()))
                .doesNotContain(LEASES);
        RoleBinding leaseBinding = with.only(RoleBinding.class);
        assertThat(leaseBinding.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
        assertThat(leaseBinding.getRoleRef().getName())
                .isEqualTo(leaseRole.getMetadata().getName());
        assertThat(leaseBinding.getSubjects()).singleElement().satisfies(subject -> isTheOperator(subject, with));
    }

    @Test
    void theLeaseIsNamedAfterTheReleaseAndOnlyThatLeaseMayBeReadOrRenewed() {
        Manifests first = ValueSet.HIGH_AVAILABILITY.render(helm);
        Manifests second = helm.templateRelease("billing-swo", helm.ciValues("ha-values.yaml"));

        String lease = leaseName(first);
        assertThat(lease).isEqualTo("swo-stripe-webhook-operator-leader");
        assertThat(leaseName(second))
                .as("a second release in the same namespace")
                .isNotEqualTo(lease);
        Role leaseRole = first.all(Role.class).stream()
                .filter(role -> OperatorPermissions.granted(role.getRules()).contains(LEASES))
                .findFirst()
                .orElseThrow();
        assertThat(leaseRole.getRules()).allSatisfy(rule -> {
            if (rule.getVerbs().contains("create")) {
                assertThat(rule.getVerbs())
                        .as("create cannot be limited to a name; nothing else may ride along")
                        .containsExactly("create");
            } else {
                assertThat(rule.getResourceNames())
                        .as("Leases the operator may read and renew")
                        .containsExactly(lease);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void theStockRolesLetPeopleReadOrOwnEndpointsAndReplaysAndNothingElse(ValueSet values) {
        Manifests manifests = values.render(helm);

        Map<List<String>, Set<Permission>> byAggregation = manifests.all(ClusterRole.class).stream()
                .filter(role -> !aggregatedTo(role).isEmpty())
                .collect(Collectors.toMap(
                        ChartRbacIT::aggregatedTo, role -> OperatorPermissions.granted(role.getRules())));

        String group = "webhooks.stripe-operator.dev";
        assertThat(byAggregation).containsOnlyKeys(List.of("admin", "edit", "view"), List.of("admin", "edit"));
        List<String> kinds = List.of("stripewebhookendpoints", "stripewebhookreplays");
        assertThat(byAggregation.get(List.of("admin", "edit", "view")))
                .containsExactlyInAnyOrderElementsOf(kinds.stream()
                        .flatMap(kind ->
                                Stream.of("get", "list", "watch").map(verb -> new Permission(group, kind, verb)))
                        .toList());
        assertThat(byAggregation.get(List.of("admin", "edit")))
                .containsExactlyInAnyOrderElementsOf(kinds.stream()
                        .flatMap(kind -> Stream.of("create", "update", "patch", "delete", "deletecollection")
                                .map(verb -> new Permission(group, kind, verb)))
                        .toList());
        List<String> aggregatedNames = manifests.all(ClusterRole.class).stream()
                .filter(role -> !aggregatedTo(role).isEmpty())
                .map(role -> role.getMetadata().getName())
                .toList();
        assertThat(Stream.concat(
                                manifests.all(ClusterRoleBinding.class).stream().map(ClusterRoleBinding::getRoleRef),
                                manifests.all(RoleBinding.class).stream().map(RoleBinding::getRoleRef))
                        .map(RoleRef::getName))
                .as("the chart binds them to nobody")
                .doesNotContainAnyElementsOf(aggregatedNames);
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void theOperatorMayReadTheKubeSystemNamespaceAndNoOtherForItsIdentityUnlessTheClusterIsNamed(ValueSet values) {
        Manifests manifests = values.render(helm);
        boolean named = manifests.operatorEnv().containsKey("OPERATOR_CLUSTER_NAME");

        Optional<ClusterRole> identity = identityRole(manifests);

        if (named) {
            assertThat(identity)
                    .as("no grant when stripe.clusterName names the installation")
                    .isEmpty();
            return;
        }
        assertThat(identity).isPresent();
        assertThat(identity.get().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResourceNames()).containsExactly("kube-system");
            assertThat(OperatorPermissions.granted(List.of(rule))).isEqualTo(OperatorPermissions.CLUSTER_IDENTITY);
        });
        assertThat(bindingOf(manifests, identity.get()).getSubjects())
                .singleElement()
                .satisfies(subject -> isTheOperator(subject, manifests));
    }

    @Test
    void theStockRolesAreLeftAloneWhenSwitchedOff() {
        Manifests manifests = helm.template("--set", "rbac.aggregateToDefaultRoles=false");

        assertThat(manifests.all(ClusterRole.class))
                .allSatisfy(role -> assertThat(aggregatedTo(role)).isEmpty());
    }

    @Test
    void noRbacObjectsWhenAClusterAdminManagesThem() {
        Manifests manifests = helm.template("--set", "rbac.create=false", "--set", "leaderElection.enabled=true");

        assertThat(manifests.kinds()).doesNotContain("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    }

    private static String leaseName(Manifests manifests) {
        return manifests.operatorEnv().get("OPERATOR_LEASE_NAME");
    }

    private static void isTheOperator(Subject subject, Manifests manifests) {
        ServiceAccount account = manifests.only(ServiceAccount.class);
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
        assertThat(subject.getNamespace()).isEqualTo(Helm.NAMESPACE);
    }

    /** Rules of the ClusterRole (cluster mode) or of the Roles in watched namespaces, leaving out the lease Role. */
    private static List<PolicyRule> watchRules(Manifests manifests) {
        return Stream.concat(
                        operatorClusterRoles(manifests).stream().map(ClusterRole::getRules),
                        manifests.all(Role.class).stream()
                                .filter(role -> !OperatorPermissions.granted(role.getRules())
                                        .contains(LEASES))
                                .map(Role::getRules))
                .flatMap(List::stream)
                .toList();
    }

    /** The ClusterRoles for the operator: all but those the stock roles aggregate for people and the identity's. */
    private static List<ClusterRole> operatorClusterRoles(Manifests manifests) {
        return manifests.all(ClusterRole.class).stream()
                .filter(role -> aggregatedTo(role).isEmpty() && !isIdentityRole(role))
                .toList();
    }

    /** The ClusterRole that lets the operator read its installation's identity, the kube-system namespace's uid. */
    private static Optional<ClusterRole> identityRole(Manifests manifests) {
        return manifests.all(ClusterRole.class).stream()
                .filter(ChartRbacIT::isIdentityRole)
                .reduce((a, b) -> {
                    throw new AssertionError("more than one ClusterRole reads namespaces");
                });
    }

    private static boolean isIdentityRole(ClusterRole role) {
        return OperatorPermissions.granted(role.getRules()).stream()
                .anyMatch(p -> p.resource().equals("namespaces"));
    }

    private static ClusterRoleBinding bindingOf(Manifests manifests, ClusterRole role) {
        return manifests.all(ClusterRoleBinding.class).stream()
                .filter(binding ->
                        binding.getRoleRef().getName().equals(role.getMetadata().getName()))
                .reduce((a, b) -> {
                    throw new AssertionError(
                            "more than one binding of " + role.getMetadata().getName());
                })
                .orElseThrow(() ->
                        new AssertionError("no binding of " + role.getMetadata().getName()));
    }

    private static List<String> aggregatedTo(ClusterRole role) {
        return role.getMetadata().getLabels().entrySet().stream()
                .filter(label -> label.getKey().startsWith("rbac.authorization.k8s.io/aggregate-to-")
                        && "true".equals(label.getValue()))
                .map(label -> label.getKey().substring("rbac.authorization.k8s.io/aggregate-to-".length()))
                .sorted()
                .toList();
    }

    private static List<PolicyRule> allRules(Manifests manifests) {
        return Stream.concat(
                        manifests.all(ClusterRole.class).stream().map(ClusterRole::getRules),
                        manifests.all(Role.class).stream().map(Role::getRules))
                .flatMap(List::stream)
                .toList();
    }
}
