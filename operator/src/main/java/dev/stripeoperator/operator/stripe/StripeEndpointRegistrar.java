package dev.stripeoperator.operator.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.WebhookEndpoint;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.operator.StripeWebhooks;
import dev.stripeoperator.operator.dependent.SigningKeys;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.status.ConditionReason;
import dev.stripeoperator.operator.status.EndpointConditions;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Keeps a managed endpoint's Stripe webhook endpoints as the spec says, from what the signing Secret records (which
 * Stripe endpoint each accepted secret belongs to) and what Stripe lists under the resource's metadata:
 * deletes the ones no accepted secret belongs to (the replaced one once its grace has passed), registers one when
 * none is current, syncs URL and events, and starts a rotation when {@code rotateEvery} has passed.
 */
public final class StripeEndpointRegistrar {

    /** A failing Stripe call is tried again after as long as it has been failing, within these bounds. */
    static final Duration MIN_BACKOFF = Duration.ofSeconds(5);

    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    private static final Pattern API_KEY = Pattern.compile("\\b[sr]k_(live|test)_[A-Za-z0-9*]+");
    private static final Logger LOG = Logger.getLogger(StripeEndpointRegistrar.class.getName());

    private final String apiBase;
    private final String defaultApiVersion;
    private final String clusterName;

    /** Registers endpoints in the Stripe API at {@code apiBase}, in {@code defaultApiVersion} unless pinned. */
    public StripeEndpointRegistrar(String apiBase, String defaultApiVersion, String clusterName) {
        this.apiBase = apiBase;
        this.defaultApiVersion = defaultApiVersion;
        this.clusterName = clusterName;
    }

    /** Brings Stripe to the spec; never throws for what Stripe answers, which becomes the registration's reason. */
    public StripeRegistration sync(
            StripeWebhookEndpoint endpoint, Optional<Secret> signingSecret, Optional<String> apiKey, Instant now) {
        StripeWebhookEndpointSpec spec = endpoint.getSpec();
        if (apiKey.isEmpty()) {
            return StripeRegistration.failed(
                    ConditionReason.WAITING_FOR_API_KEY,
                    "waiting for the Stripe API key in Secret "
                            + spec.stripe().apiKeySecretRef().describe() + " (see SecretsReady)",
                    null);
        }
        Optional<String> url = StripeWebhooks.publicUrl(endpoint);
        if (url.isEmpty()) {
            return StripeRegistration.failed(
                    ConditionReason.URL_NOT_HTTPS,
                    "Stripe delivers only to https URLs and this"
                            + " endpoint has none: expose it through spec.exposure.ingress with tls, or an httpRoute with hostnames",
                    null);
        }
        List<String> events;
        try {
            events = EnabledEvents.of(spec.enabledEvents());
        } catch (IllegalArgumentException e) {
            return StripeRegistration.failed(ConditionReason.INVALID_ENABLED_EVENTS, e.getMessage(), null);
        }
        SigningKeys keys =
                signingSecret.map(SigningKeys::from).orElse(SigningKeys.NONE).expiredAt(now);
        Map<String, String> annotations =
                signingSecret.map(s -> s.getMetadata().getAnnotations()).orElse(null);
        String currentId = keys.current() == null || annotations == null
                ? null
                : annotations.get(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION);
        String previousId = keys.previous() == null || annotations == null
                ? null
                : annotations.get(KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION);
        StripeEndpoints stripe = new StripeEndpoints(apiKey.get(), apiBase, owner(endpoint));
        try {
            WebhookEndpoint current = null;
            for (WebhookEndpoint owned : stripe.owned()) {
                if (owned.getId().equals(currentId)) {
                    current = owned;
                } else if (!owned.getId().equals(previousId)) {
                    // No accepted secret belongs to it: a replaced endpoint past its grace, or one whose secret was
                    // never stored (the Secret lost or not written). It could only fail to deliver.
                    stripe.delete(owned.getId());
                    log(endpoint, "deleted", owned.getId());
                }
            }
            String apiVersion = spec.stripe().apiVersion() == null
                    ? defaultApiVersion
                    : spec.stripe().apiVersion();
            String createdSecret = null;
            if (current == null) {
                current = stripe.create(url.get(), events, apiVersion);
                createdSecret = current.getSecret();
                previousId = keys.current() == null ? null : currentId;
                log(endpoint, "registered", current.getId());
            } else {
                if (!url.get().equals(current.getUrl()) || !EnabledEvents.same(current.getEnabledEvents(), events)) {
                    current = stripe.update(current.getId(), url.get(), events);
                    log(endpoint, "updated", current.getId());
                }
                Optional<Duration> every = spec.signingSecret().rotationInterval();
                if (every.isPresent()
                        && previousId == null
                        && !now.isBefore(
                                Instant.ofEpochSecond(current.getCreated()).plus(every.get()))) {
                    previousId = current.getId();
                    current = stripe.create(url.get(), events, apiVersion);
                    createdSecret = current.getSecret();
                    log(endpoint, "rotation_started", current.getId());
                }
            }
            return registered(endpoint, current, previousId, createdSecret, keys, now);
        } catch (StripeException e) {
            return failure(endpoint, e, now);
        }
    }

    /**
     * Deletes every Stripe endpoint of the resource: those Stripe lists under its metadata and those the signing
     * Secret records ({@code known}), which Stripe may answer 404 for, counted as gone. Answers how many were deleted.
     */
    public int deleteAll(StripeWebhookEndpoint endpoint, String apiKey, Set<String> known) throws StripeException {
        StripeEndpoints stripe = new StripeEndpoints(apiKey, apiBase, owner(endpoint));
        Set<String> ids = new java.util.TreeSet<>(known);
        stripe.owned().forEach(owned -> ids.add(owned.getId()));
        int deleted = 0;
        for (String id : ids) {
            if (stripe.delete(id)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** The Stripe endpoints a signing Secret records, current and previous. */
    public static Set<String> recordedIn(Optional<Secret> signingSecret) {
        Set<String> ids = new HashSet<>();
        signingSecret.map(s -> s.getMetadata().getAnnotations()).ifPresent(annotations -> {
            Optional.ofNullable(annotations.get(KubernetesApi.STRIPE_ENDPOINT_ANNOTATION))
                    .ifPresent(ids::add);
            Optional.ofNullable(annotations.get(KubernetesApi.PREVIOUS_STRIPE_ENDPOINT_ANNOTATION))
                    .ifPresent(ids::add);
        });
        return ids;
    }

    /** How long to wait before trying Stripe again after {@code e}, and the reason and message it gives. */
    public static StripeRegistration failure(StripeWebhookEndpoint endpoint, StripeException e, Instant now) {
        ConditionReason reason = switch (e) {
            // stripe-java's RateLimitException is an InvalidRequestException, PermissionException an
            // AuthenticationException: the narrower ones come first.
            case RateLimitException r -> ConditionReason.STRIPE_RATE_LIMITED;
            case PermissionException p -> ConditionReason.STRIPE_FORBIDDEN;
            case AuthenticationException a -> ConditionReason.STRIPE_UNAUTHORIZED;
            case InvalidRequestException i -> ConditionReason.STRIPE_INVALID_REQUEST;
            default -> ConditionReason.STRIPE_UNAVAILABLE;
        };
        String answer = e.getStatusCode() == null ? "no answer" : "HTTP " + e.getStatusCode();
        String param = e instanceof InvalidRequestException i && i.getParam() != null
                ? " (parameter " + i.getParam() + ")"
                : "";
        String message = "Stripe API: " + answer + param + ": "
                + API_KEY.matcher(String.valueOf(
                                e.getStripeError() == null
                                        ? e.getClass().getSimpleName()
                                        : e.getStripeError().getMessage()))
                        .replaceAll("<API key>");
        return StripeRegistration.failed(reason, message, backoff(endpoint, reason, now));
    }

    /** As long as the condition has shown this failure, so a lasting failure is tried ever less often. */
    private static Duration backoff(StripeWebhookEndpoint endpoint, ConditionReason reason, Instant now) {
        Duration failing = Optional.ofNullable(endpoint.getStatus())
                .flatMap(status -> status.condition(EndpointConditions.STRIPE_REGISTERED))
                .filter(condition -> reason.reason().equals(condition.getReason()))
                .map(EndpointCondition::getLastTransitionTime)
                .map(since -> Duration.between(Instant.parse(since), now))
                .orElse(Duration.ZERO);
        if (failing.compareTo(MIN_BACKOFF) < 0) {
            return MIN_BACKOFF;
        }
        return failing.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : failing;
    }

    private static StripeRegistration registered(
            StripeWebhookEndpoint endpoint,
            WebhookEndpoint current,
            String previousId,
            String createdSecret,
            SigningKeys keys,
            Instant now) {
        Instant nextRotation = endpoint.getSpec()
                .signingSecret()
                .rotationInterval()
                .map(every -> Instant.ofEpochSecond(current.getCreated()).plus(every))
                .orElse(null);
        Duration recheck = nextRotation == null ? null : Duration.between(now, nextRotation);
        String delivers = "Stripe endpoint " + current.getId() + " delivers "
                + String.join(",", current.getEnabledEvents()) + " to " + current.getUrl();
        ConditionReason reason;
        String message;
        if ("disabled".equals(current.getStatus())) {
            reason = ConditionReason.DISABLED_BY_STRIPE;
            message = "Stripe endpoint " + current.getId()
                    + " is disabled in Stripe (Stripe disables an endpoint that keeps failing): nothing is delivered until"
                    + " it is enabled again in the Dashboard";
        } else if (previousId != null) {
            Instant until = createdSecret != null ? null : keys.previousExpiresAt();
            String grace = until == null ? "for spec.signingSecret.rotationGracePeriod" : "until " + until;
            reason = ConditionReason.ROTATING;
            message = delivers + "; the replaced endpoint " + previousId + " delivers too " + grace
                    + ", then it is deleted";
        } else {
            reason = ConditionReason.REGISTERED;
            message = delivers;
        }
        return new StripeRegistration(
                current.getId(),
                current.getStatus(),
                current.getApiVersion(),
                previousId,
                createdSecret,
                nextRotation,
                reason,
                message,
                recheck);
    }

    /** One line per change made in Stripe: ids only. */
    private static void log(StripeWebhookEndpoint endpoint, String outcome, String stripeEndpoint) {
        LogLine.of("stripe")
                .with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint))
                .with(LogKey.OUTCOME, outcome)
                .with(LogKey.STRIPE_ENDPOINT, stripeEndpoint)
                .log(LOG, Level.INFO);
    }

    private EndpointOwner owner(StripeWebhookEndpoint endpoint) {
        return new EndpointOwner(
                clusterName,
                endpoint.getMetadata().getNamespace(),
                endpoint.getMetadata().getName());
    }
}
