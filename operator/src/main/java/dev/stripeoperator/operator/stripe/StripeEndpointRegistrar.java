package dev.stripeoperator.operator.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.WebhookEndpoint;
import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointSpec;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.secrets.SigningSecretData;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Keeps a managed endpoint's Stripe webhook endpoints as the spec says, from what the signing Secret records (which
 * Stripe endpoint each accepted secret belongs to) and what Stripe lists under the resource's metadata: deletes the
 * ones no accepted secret belongs to (the replaced one once its grace has passed), registers one when none is current,
 * syncs URL and events, and starts a rotation when {@code rotateEvery} has passed or a person asked for one.
 *
 * <p>Stripe is looked at only when something may have changed (the spec, the signing Secret, the key), when a rotation
 * or an expiry falls due, when a failed call is to be tried again, and otherwise every {@link #RECHECK}: reconciles
 * caused by pods or jobs spend none of the account's rate limit. A secret Stripe answered is kept here until the
 * signing Secret shows it stored, so that a failure to store it never costs another Stripe endpoint.
 */
public final class StripeEndpointRegistrar {

    /** A failing Stripe call is tried again after as long as it has been failing, within these bounds. */
    static final Duration MIN_BACKOFF = Duration.ofSeconds(5);

    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /** A full account frees a slot only when a person acts: asked again slowly. */
    static final Duration LIMIT_MIN_BACKOFF = Duration.ofMinutes(2);

    static final Duration LIMIT_MAX_BACKOFF = Duration.ofMinutes(30);
    /** How often Stripe is looked at when nothing asks for it: a change made in the Dashboard shows within this. */
    static final Duration RECHECK = Duration.ofMinutes(10);

    private static final Pattern API_KEY = Pattern.compile("\\b[sr]k_(live|test)_[A-Za-z0-9*]+");
    /** Stripe refuses a create beyond the account's endpoints with an invalid request told apart only by its message. */
    private static final Pattern ENDPOINT_LIMIT = Pattern.compile("(?i)maximum of (\\d+) .*webhook endpoints");

    private static final Logger LOG = Logger.getLogger(StripeEndpointRegistrar.class.getName());

    private final String apiBase;
    private final String defaultApiVersion;
    private final String clusterIdentity;
    private final Map<String, Memory> memory = new ConcurrentHashMap<>();

    /**
     * Registers endpoints in the Stripe API at {@code apiBase}, in {@code defaultApiVersion} unless pinned, as the
     * installation {@code clusterIdentity}.
     */
    public StripeEndpointRegistrar(String apiBase, String defaultApiVersion, String clusterIdentity) {
        this.apiBase = apiBase;
        this.defaultApiVersion = defaultApiVersion;
        this.clusterIdentity = Objects.requireNonNull(clusterIdentity);
    }

    /** This installation's identity, as its Stripe endpoints record it. */
    public String clusterIdentity() {
        return clusterIdentity;
    }

    /**
     * Brings Stripe to the spec; never throws for what Stripe answers, which becomes the registration's reason.
     *
     * @param signingSecret the signing Secret as the API server has it
     * @param recorded what it records of the Stripe endpoints (none once those were retired)
     * @param exposureWait why the endpoint's exposure is not yet its own and in place, when it is not: nothing is
     *     registered or moved in Stripe until it is, and the registration says when to look again
     */
    public StripeRegistration sync(
            StripeWebhookEndpoint endpoint,
            Optional<Secret> signingSecret,
            StripeRecord recorded,
            Optional<String> apiKey,
            Optional<ExposureWait> exposureWait,
            Instant now) {
        StripeWebhookEndpointSpec spec = endpoint.getSpec();
        if (!recorded.hasEndpoints()) {
            // The key is recorded before any Stripe endpoint exists: the Secret held for it is found by it.
            recorded = new StripeRecord(
                    null,
                    null,
                    clusterIdentity,
                    StripeRecord.keyOf(spec.stripe().apiKeySecretRef()),
                    recorded.rotationRequest());
        }
        if (apiKey.isEmpty()) {
            return StripeRegistration.failed(
                    ConditionReason.WAITING_FOR_API_KEY,
                    "waiting for the Stripe API key in Secret "
                            + spec.stripe().apiKeySecretRef().describe() + " (see SecretsReady)",
                    null,
                    recorded);
        }
        Optional<String> url = StripeWebhooks.publicUrl(endpoint);
        if (url.isEmpty()) {
            return StripeRegistration.failed(
                    ConditionReason.URL_NOT_HTTPS,
                    "Stripe delivers only to https URLs and this"
                            + " endpoint has none: expose it through spec.exposure.ingress with tls, or an httpRoute with hostnames",
                    null,
                    recorded);
        }
        if (exposureWait.isPresent()) {
            return StripeRegistration.failed(
                    ConditionReason.EXPOSURE_NOT_READY,
                    exposureWait.get().reason() + "; no Stripe endpoint is registered or moved until it is",
                    exposureWait.get().recheckAfter(),
                    recorded);
        }
        List<String> events;
        try {
            events = EnabledEvents.of(spec.enabledEvents());
        } catch (IllegalArgumentException e) {
            return StripeRegistration.failed(ConditionReason.INVALID_ENABLED_EVENTS, e.getMessage(), null, recorded);
        }
        try {
            spec.signingSecret().checkRotation();
        } catch (IllegalArgumentException e) {
            return StripeRegistration.failed(
                    ConditionReason.INVALID_ROTATION, "spec.signingSecret: " + e.getMessage(), null, recorded);
        }
        SigningKeys keys = signingSecret
                .map(SigningSecretData::keys)
                .orElse(SigningKeys.NONE)
                .expiredAt(now);
        String uid = endpoint.getMetadata().getUid();
        Inputs inputs = new Inputs(
                endpoint.getMetadata().getGeneration(),
                signingSecret.map(s -> s.getMetadata().getResourceVersion()).orElse(null),
                Fingerprint.of(apiKey.get()),
                rotationRequest(endpoint));
        Memory remembered = memory.get(uid);
        String currentId = keys.current() == null ? null : recorded.currentId();
        String previousId = keys.previous() == null ? null : recorded.previousId();
        Pending pending = remembered == null ? null : remembered.pending();
        if (pending != null && pending.stripeId().equals(currentId)) {
            pending = null;
        }
        if (remembered != null && remembered.inputs().equals(inputs)) {
            if (pending != null) {
                // Storing the secret failed and nothing changed since: offered again without asking Stripe.
                return remembered.result();
            }
            if (remembered.pending() == null && now.isBefore(remembered.due(keys))) {
                return remembered.result().remembered(Duration.between(now, remembered.due(keys)));
            }
        }
        StripeEndpoints stripe = new StripeEndpoints(apiKey.get(), apiBase, owner(endpoint));
        StripeRegistration result;
        try {
            result = bring(endpoint, stripe, url.get(), events, keys, recorded, currentId, previousId, pending, now);
        } catch (StripeException e) {
            result = failure(endpoint, e, now, recorded);
        }
        Pending stillPending =
                result.createdSecret() == null ? null : new Pending(result.endpointId(), result.createdSecret());
        memory.put(uid, new Memory(inputs, result, now, stillPending));
        return result;
    }

    private StripeRegistration bring(
            StripeWebhookEndpoint endpoint,
            StripeEndpoints stripe,
            String url,
            List<String> events,
            SigningKeys keys,
            StripeRecord recorded,
            String currentId,
            String previousId,
            Pending pending,
            Instant now)
            throws StripeException {
        StripeWebhookEndpointSpec spec = endpoint.getSpec();
        WebhookEndpoint current = null;
        WebhookEndpoint unstored = null;
        for (WebhookEndpoint owned : stripe.owned(recorded.ids())) {
            if (owned.getId().equals(currentId)) {
                current = owned;
            } else if (pending != null && owned.getId().equals(pending.stripeId())) {
                unstored = owned;
            } else if (!owned.getId().equals(previousId)) {
                // No accepted secret belongs to it: a replaced endpoint past its grace, or one whose secret was never
                // stored and is not kept here either (the operator restarted meanwhile). It could only fail to deliver.
                stripe.delete(owned.getId());
                log(endpoint, "deleted", owned.getId());
            }
        }
        String apiVersion = spec.stripe().apiVersion() == null
                ? defaultApiVersion
                : spec.stripe().apiVersion();
        String handledRequest = recorded.rotationRequest();
        String createdSecret = null;
        if (current == null && unstored != null) {
            // Made earlier, its secret not yet stored: offered again instead of making another.
            current = unstored;
            createdSecret = pending.secret();
            previousId = keys.current() == null ? null : currentId;
        } else if (current == null) {
            current = stripe.create(url, events, apiVersion);
            createdSecret = current.getSecret();
            previousId = keys.current() == null ? null : currentId;
            log(endpoint, "registered", current.getId());
        } else {
            if (!stripe.ownedByThisInstallation(current)) {
                current = stripe.adopt(current.getId());
                log(endpoint, "adopted", current.getId());
            }
            if (!url.equals(current.getUrl()) || !EnabledEvents.same(current.getEnabledEvents(), events)) {
                current = stripe.update(current.getId(), url, events);
                log(endpoint, "updated", current.getId());
            }
            Optional<Duration> every = spec.signingSecret().rotationInterval();
            String request = rotationRequest(endpoint);
            boolean asked = request != null && !request.equals(handledRequest);
            boolean due = every.isPresent()
                    && !now.isBefore(Instant.ofEpochSecond(current.getCreated()).plus(every.get()));
            if (previousId == null && (asked || due)) {
                try {
                    WebhookEndpoint next = stripe.create(url, events, apiVersion);
                    previousId = current.getId();
                    current = next;
                    createdSecret = next.getSecret();
                    handledRequest = asked ? request : handledRequest;
                    log(endpoint, "rotation_started", current.getId());
                } catch (InvalidRequestException e) {
                    Optional<Integer> limit = endpointLimit(e);
                    if (limit.isEmpty()) {
                        throw e;
                    }
                    // The current endpoint and secret keep working; the rotation waits for a free slot.
                    return waitingForSlot(endpoint, current, limit.get(), recorded, handledRequest, now);
                }
            }
        }
        StripeRecord record = new StripeRecord(
                current.getId(),
                previousId,
                clusterIdentity,
                StripeRecord.keyOf(spec.stripe().apiKeySecretRef()),
                handledRequest);
        return registered(endpoint, current, previousId, createdSecret, keys, record, now);
    }

    /**
     * Deletes the Stripe endpoints a signing Secret recorded, with the key that made them, when the endpoint no longer
     * manages them (manage turned off, another key, another cluster identity). Answers how many were deleted; Stripe's
     * 404 counts as gone.
     */
    public int retire(StripeWebhookEndpoint endpoint, StripeRecord recorded, String recordedApiKey)
            throws StripeException {
        StripeEndpoints stripe = new StripeEndpoints(
                recordedApiKey,
                apiBase,
                new EndpointOwner(
                        recorded.owner(),
                        endpoint.getMetadata().getNamespace(),
                        endpoint.getMetadata().getName()));
        int deleted = 0;
        for (String id : recorded.ids()) {
            if (stripe.delete(id)) {
                deleted++;
                log(endpoint, "retired", id);
            }
        }
        memory.remove(endpoint.getMetadata().getUid());
        return deleted;
    }

    /**
     * Deletes every Stripe endpoint of the resource: those Stripe lists under its metadata as this installation's and
     * those the signing Secret records ({@code known}), which Stripe may answer 404 for, counted as gone. Answers how
     * many were deleted.
     */
    public int deleteAll(StripeWebhookEndpoint endpoint, String apiKey, Set<String> known) throws StripeException {
        StripeEndpoints stripe = new StripeEndpoints(apiKey, apiBase, owner(endpoint));
        Set<String> ids = new java.util.TreeSet<>(known);
        stripe.owned(known).forEach(owned -> ids.add(owned.getId()));
        int deleted = 0;
        for (String id : ids) {
            if (stripe.delete(id)) {
                deleted++;
            }
        }
        memory.remove(endpoint.getMetadata().getUid());
        return deleted;
    }

    /** Forgets what was kept for an endpoint that is gone. */
    public void forget(StripeWebhookEndpoint endpoint) {
        memory.remove(endpoint.getMetadata().getUid());
    }

    /** How long to wait before trying Stripe again after {@code e}, and the reason and message it gives. */
    public static StripeRegistration failure(
            StripeWebhookEndpoint endpoint, StripeException e, Instant now, StripeRecord recorded) {
        Optional<Integer> limit = e instanceof InvalidRequestException i ? endpointLimit(i) : Optional.empty();
        ConditionReason reason = switch (e) {
            // stripe-java's RateLimitException is an InvalidRequestException, PermissionException an
            // AuthenticationException: the narrower ones come first.
            case RateLimitException r -> ConditionReason.STRIPE_RATE_LIMITED;
            case PermissionException p -> ConditionReason.STRIPE_FORBIDDEN;
            case AuthenticationException a -> ConditionReason.STRIPE_UNAUTHORIZED;
            case InvalidRequestException i when limit.isPresent() -> ConditionReason.STRIPE_ENDPOINT_LIMIT;
            case InvalidRequestException i -> ConditionReason.STRIPE_INVALID_REQUEST;
            default -> ConditionReason.STRIPE_UNAVAILABLE;
        };
        if (limit.isPresent()) {
            return StripeRegistration.failed(
                    reason,
                    "the Stripe account holds its " + limit.get() + " webhook endpoints: delete one in the Dashboard,"
                            + " or ask Stripe for more, and this endpoint registers when a slot is free (asked again"
                            + " every few minutes)",
                    backoff(endpoint, reason, now, LIMIT_MIN_BACKOFF, LIMIT_MAX_BACKOFF),
                    recorded);
        }
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
        return StripeRegistration.failed(
                reason, message, backoff(endpoint, reason, now, MIN_BACKOFF, MAX_BACKOFF), recorded);
    }

    /** The account's endpoint limit, when {@code e} is Stripe refusing a create beyond it. */
    static Optional<Integer> endpointLimit(InvalidRequestException e) {
        if (e.getStatusCode() == null || e.getStatusCode() != 400 || e.getStripeError() == null) {
            return Optional.empty();
        }
        Matcher matcher =
                ENDPOINT_LIMIT.matcher(String.valueOf(e.getStripeError().getMessage()));
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** As long as the condition has shown this failure, so a lasting failure is tried ever less often. */
    private static Duration backoff(
            StripeWebhookEndpoint endpoint, ConditionReason reason, Instant now, Duration min, Duration max) {
        Duration failing = Optional.ofNullable(endpoint.getStatus())
                .flatMap(status -> status.condition(EndpointConditions.STRIPE_REGISTERED))
                .filter(condition -> reason.reason().equals(condition.getReason()))
                .map(EndpointCondition::getLastTransitionTime)
                .map(since -> Duration.between(Instant.parse(since), now))
                .orElse(Duration.ZERO);
        if (failing.compareTo(min) < 0) {
            return min;
        }
        return failing.compareTo(max) > 0 ? max : failing;
    }

    private StripeRegistration waitingForSlot(
            StripeWebhookEndpoint endpoint,
            WebhookEndpoint current,
            int limit,
            StripeRecord recorded,
            String handledRequest,
            Instant now) {
        return new StripeRegistration(
                current.getId(),
                current.getStatus(),
                current.getApiVersion(),
                null,
                null,
                null,
                ConditionReason.ROTATION_WAITING,
                "Stripe endpoint " + current.getId() + " keeps delivering with the current secret; the rotation waits"
                        + " for a free webhook endpoint slot (the account holds its " + limit + ")",
                backoff(endpoint, ConditionReason.ROTATION_WAITING, now, LIMIT_MIN_BACKOFF, LIMIT_MAX_BACKOFF),
                new StripeRecord(
                        current.getId(),
                        null,
                        clusterIdentity,
                        StripeRecord.keyOf(endpoint.getSpec().stripe().apiKeySecretRef()),
                        handledRequest == null ? recorded.rotationRequest() : handledRequest));
    }

    private static StripeRegistration registered(
            StripeWebhookEndpoint endpoint,
            WebhookEndpoint current,
            String previousId,
            String createdSecret,
            SigningKeys keys,
            StripeRecord record,
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
                recheck,
                record);
    }

    /** The value of the rotate annotation, when a person set one. */
    private static String rotationRequest(StripeWebhookEndpoint endpoint) {
        Map<String, String> annotations = endpoint.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(KubernetesApi.ROTATE_ANNOTATION);
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
                clusterIdentity,
                endpoint.getMetadata().getNamespace(),
                endpoint.getMetadata().getName());
    }

    /** What a sync started from: a change of any of these is worth asking Stripe again. */
    private record Inputs(Long generation, String signingSecretVersion, String apiKey, String rotationRequest) {}

    /** A secret Stripe answered that the signing Secret does not show yet. */
    private record Pending(String stripeId, String secret) {

        @Override
        public String toString() {
            return "Pending[" + stripeId + "]";
        }
    }

    /** The last sync of an endpoint: what it started from, found, and when. */
    private record Memory(Inputs inputs, StripeRegistration result, Instant at, Pending pending) {

        /** When Stripe is to be asked again though nothing changed. */
        Instant due(SigningKeys keys) {
            Duration wait =
                    result.recheckAfter() == null || result.recheckAfter().compareTo(RECHECK) > 0
                            ? RECHECK
                            : result.recheckAfter();
            Instant due = at.plus(wait);
            if (result.nextRotationAt() != null && result.nextRotationAt().isBefore(due)) {
                due = result.nextRotationAt();
            }
            Instant expiry = keys.previousExpiresAt();
            if (expiry != null && expiry.isBefore(due)) {
                due = expiry;
            }
            return due;
        }
    }
}
