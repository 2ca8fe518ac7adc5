package dev.stripeoperator.operator.exposure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.operator.endpoint.Exposure;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;

/**
 * The public host-and-path pairs endpoints claim, and who holds a pair two endpoints both ask for.
 * Ingress controllers and Gateways merge routes of the same host and path silently; the operator
 * refuses the second claim instead.
 */
public final class ExposureClaims {

    /** The default paths' common prefix; a path of one's own under it is refused. */
    private static final String DEFAULT_PATHS = ReceiverImage.WEBHOOK_PATH + "/";

    /** Index of the primary cache: claim key to the endpoints asking for it. */
    public static final String INDEX = "exposure-claims";

    /** Orders endpoints by age: the older claim wins a tie between two unserved claims. */
    private static final Comparator<StripeWebhookEndpoint> OLDEST_FIRST = Comparator.comparing(
                    (StripeWebhookEndpoint e) ->
                            Objects.requireNonNullElse(e.getMetadata().getCreationTimestamp(), ""))
            .thenComparing(e -> e.getMetadata().getNamespace())
            .thenComparing(e -> e.getMetadata().getName());

    private ExposureClaims() {}

    /** The keys ({@code host|path}) the endpoint's spec asks for; a route without hostnames claims {@code *|path}. */
    public static List<String> requestedBy(StripeWebhookEndpoint endpoint) {
        Exposure exposure =
                endpoint.getSpec() == null ? null : endpoint.getSpec().exposure();
        if (exposure == null) {
            return List.of();
        }
        String path = StripeWebhooks.webhookPath(endpoint);
        if (reservedForAnother(endpoint) || StripeWebhooks.pathRefusal(endpoint).isPresent()) {
            // Refused outright: it claims nothing, so it holds nothing against the endpoint the path belongs to.
            return List.of();
        }
        if (exposure.ingress() != null) {
            return List.of(key(exposure.ingress().host(), path));
        }
        if (exposure.httpRoute() != null) {
            List<String> hostnames = exposure.httpRoute().hostnames();
            if (hostnames == null || hostnames.isEmpty()) {
                return List.of(key("*", path));
            }
            return hostnames.stream().map(host -> key(host, path)).toList();
        }
        return List.of();
    }

    /** The keys an existing Ingress routes. */
    public static List<String> servedBy(Ingress ingress) {
        List<String> keys = new ArrayList<>();
        if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
            return keys;
        }
        for (var rule : ingress.getSpec().getRules()) {
            if (rule.getHttp() != null && rule.getHttp().getPaths() != null) {
                rule.getHttp().getPaths().forEach(p -> keys.add(key(rule.getHost(), p.getPath())));
            }
        }
        return keys;
    }

    /** The keys an existing HTTPRoute routes. */
    public static List<String> servedBy(HTTPRoute route) {
        List<String> keys = new ArrayList<>();
        if (route.getSpec() == null || route.getSpec().getRules() == null) {
            return keys;
        }
        List<String> hosts = route.getSpec().getHostnames() == null
                        || route.getSpec().getHostnames().isEmpty()
                ? List.of("*")
                : route.getSpec().getHostnames();
        for (var rule : route.getSpec().getRules()) {
            if (rule.getMatches() == null) {
                continue;
            }
            for (var match : rule.getMatches()) {
                if (match.getPath() != null) {
                    hosts.forEach(host -> keys.add(key(host, match.getPath().getValue())));
                }
            }
        }
        return keys;
    }

    /** A key as people read it: host and path. */
    public static String describe(String key) {
        int bar = key.indexOf('|');
        return "host " + key.substring(0, bar) + " path " + key.substring(bar + 1);
    }

    /**
     * The other endpoint that holds a key this one asks for, if any: among all endpoints asking for the key,
     * one whose Ingress or HTTPRoute already serves it wins, otherwise the oldest. A path of its own under
     * {@code /webhooks/stripe/} is refused outright: those are the endpoints' default paths, and one claimed early
     * would take another endpoint's Stripe events once that one is made.
     *
     * @param served the keys an endpoint's existing exposure child serves
     */
    public static Optional<Conflict> conflictOf(
            StripeWebhookEndpoint endpoint,
            IndexedResourceCache<StripeWebhookEndpoint> endpoints,
            Function<StripeWebhookEndpoint, List<String>> served) {
        if (reservedForAnother(endpoint)) {
            String path = StripeWebhooks.webhookPath(endpoint);
            String[] owner = path.substring(DEFAULT_PATHS.length()).split("/", -1);
            return Optional.of(new Conflict(
                    Optional.ofNullable(endpoint.getSpec().exposure().ingress())
                            .map(ingress -> ingress.host())
                            .orElse("*"),
                    path,
                    owner.length == 2 ? owner[0] + "/" + owner[1] : null));
        }
        for (String key : requestedBy(endpoint)) {
            List<StripeWebhookEndpoint> claimants = endpoints.byIndex(INDEX, key);
            if (claimants.size() < 2) {
                continue;
            }
            List<StripeWebhookEndpoint> serving = claimants.stream()
                    .filter(c -> served.apply(c).contains(key))
                    .toList();
            StripeWebhookEndpoint holder = (serving.isEmpty() ? claimants : serving)
                    .stream().min(OLDEST_FIRST).orElseThrow();
            if (!sameEndpoint(holder, endpoint)) {
                int bar = key.indexOf('|');
                return Optional.of(new Conflict(
                        key.substring(0, bar), key.substring(bar + 1), StripeWebhooks.endpointName(holder)));
            }
        }
        return Optional.empty();
    }

    /** Whether the endpoint asks for a path under the default paths that is not its own default. */
    private static boolean reservedForAnother(StripeWebhookEndpoint endpoint) {
        String path = StripeWebhooks.webhookPath(endpoint);
        return path.startsWith(DEFAULT_PATHS) && !path.equals(StripeWebhooks.defaultWebhookPath(endpoint));
    }

    private static boolean sameEndpoint(StripeWebhookEndpoint a, StripeWebhookEndpoint b) {
        return a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())
                && a.getMetadata().getName().equals(b.getMetadata().getName());
    }

    static String key(String host, String path) {
        return (host == null ? "*" : host) + "|" + path;
    }

    /**
     * A refused claim.
     *
     * @param host the host asked for ({@code *} for a route without hostnames)
     * @param path the path asked for
     * @param holder {@code namespace/name} of the endpoint that holds it
     */
    public record Conflict(String host, String path, String holder) {

        /** The condition message. */
        public String message() {
            if (path.startsWith(DEFAULT_PATHS)) {
                return "path " + path + " is reserved"
                        + (holder == null ? "" : " as the default path of StripeWebhookEndpoint " + holder)
                        + ": paths under " + DEFAULT_PATHS + " belong to the endpoints they name; choose a path"
                        + " outside it, or leave spec.exposure path unset";
            }
            return "host " + host + " path " + path + " is already exposed by StripeWebhookEndpoint " + holder
                    + "; choose another host or spec.exposure path";
        }
    }
}
