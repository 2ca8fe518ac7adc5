package dev.stripeoperator.helm;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

/** The most the operator may ever be granted, per API group and resource: what it reads, writes and owns. */
final class OperatorPermissions {

    /** One verb on one resource of one API group; "" is the core group. */
    record Permission(String group, String resource, String verb) {}

    private static final Set<String> READ = Set.of("list", "watch");
    private static final Set<String> APPLY = Set.of("list", "watch", "create", "patch");
    private static final Set<String> APPLY_AND_DELETE = Set.of("list", "watch", "create", "patch", "delete");

    /** In the namespaces it watches (or all of them in cluster mode). */
    static final Set<Permission> WATCHED_NAMESPACES = expand(Map.ofEntries(
            Map.entry("webhooks.stripe-operator.dev/stripewebhookendpoints", Set.of("list", "watch", "patch")),
            Map.entry("webhooks.stripe-operator.dev/stripewebhookendpoints/status", Set.of("patch")),
            Map.entry("webhooks.stripe-operator.dev/stripewebhookendpoints/finalizers", Set.of("update")),
            Map.entry("webhooks.stripe-operator.dev/stripewebhookreplays", READ),
            Map.entry("webhooks.stripe-operator.dev/stripewebhookreplays/status", Set.of("patch")),
            Map.entry("webhooks.stripe-operator.dev/stripewebhookreplays/finalizers", Set.of("update")),
            Map.entry("/secrets", Set.of("get", "list", "watch", "create", "patch")),
            Map.entry("/services", APPLY),
            Map.entry("/pods", READ),
            Map.entry("/events", Set.of("create")),
            Map.entry("apps/deployments", APPLY),
            Map.entry("batch/cronjobs", APPLY_AND_DELETE),
            Map.entry("batch/jobs", APPLY),
            Map.entry("networking.k8s.io/ingresses", APPLY_AND_DELETE),
            Map.entry("networking.k8s.io/networkpolicies", APPLY_AND_DELETE),
            Map.entry("gateway.networking.k8s.io/httproutes", APPLY_AND_DELETE),
            Map.entry("policy/poddisruptionbudgets", APPLY_AND_DELETE),
            Map.entry("autoscaling/horizontalpodautoscalers", APPLY_AND_DELETE)));

    /** In its own namespace, and only with leader election on. */
    static final Set<Permission> LEADER_ELECTION =
            expand(Map.of("coordination.k8s.io/leases", Set.of("get", "create", "update", "patch")));

    /** Cluster-wide, unless stripe.clusterName names the installation: its identity, kube-system's uid. */
    static final Set<Permission> CLUSTER_IDENTITY = expand(Map.of("/namespaces", Set.of("get")));

    /** Without these the operator cannot reconcile at all: a floor, so that a rule cannot silently vanish. */
    static final Set<Permission> ESSENTIAL = Set.of(
            new Permission("webhooks.stripe-operator.dev", "stripewebhookendpoints", "watch"),
            new Permission("webhooks.stripe-operator.dev", "stripewebhookendpoints/status", "patch"),
            new Permission("", "secrets", "watch"),
            new Permission("apps", "deployments", "create"),
            new Permission("batch", "cronjobs", "create"),
            new Permission("webhooks.stripe-operator.dev", "stripewebhookreplays", "watch"),
            new Permission("webhooks.stripe-operator.dev", "stripewebhookreplays/status", "patch"),
            new Permission("batch", "jobs", "create"),
            new Permission("", "services", "create"));

    private OperatorPermissions() {}

    /** Every (group, resource, verb) that the rules grant. */
    static Set<Permission> granted(Iterable<PolicyRule> rules) {
        Set<Permission> granted = new HashSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(new Permission(group, resource, verb));
                    }
                }
            }
        }
        return granted;
    }

    private static Set<Permission> expand(Map<String, Set<String>> verbsByGroupResource) {
        return verbsByGroupResource.entrySet().stream()
                .flatMap(entry -> {
                    int slash = entry.getKey().indexOf('/');
                    String group = entry.getKey().substring(0, slash);
                    String resource = entry.getKey().substring(slash + 1);
                    return entry.getValue().stream().map(verb -> new Permission(group, resource, verb));
                })
                .collect(Collectors.toUnmodifiableSet());
    }
}
