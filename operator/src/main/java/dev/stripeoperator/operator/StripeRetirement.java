package dev.stripeoperator.operator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.StripeException;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.SecretKeyRef;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.operator.events.EndpointEvent;
import dev.stripeoperator.operator.events.EndpointEvents;
import dev.stripeoperator.operator.events.EventRecorder;
import dev.stripeoperator.operator.secrets.ReferencedSecrets;
import dev.stripeoperator.operator.secrets.SecretValue;
import dev.stripeoperator.operator.stripe.StripeEndpointRegistrar;
import dev.stripeoperator.operator.stripe.StripeRecord;
import dev.stripeoperator.operator.stripe.StripeRegistration;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Deletes the Stripe endpoints an endpoint's signing Secret records once the endpoint no longer manages them as
 * recorded (manage turned off, another API key Secret, another installation's identity), with the key that made them,
 * which the endpoint held until then; or lets go of them when the release annotation asks for it.
 */
final class StripeRetirement {

    private static final Logger LOG = Logger.getLogger(StripeRetirement.class.getName());

    private final StripeEndpointRegistrar registrar;
    private final EventRecorder events;
    /**
     * Per endpoint uid, the Stripe endpoints last retired, released or left behind: until the signing Secret stops
     * recording them (the cache may show the old record once more), they are not retired or told of again.
     */
    private final Map<String, String> done = new ConcurrentHashMap<>();

    StripeRetirement(StripeEndpointRegistrar registrar, EventRecorder events) {
        this.registrar = registrar;
        this.events = events;
    }

    /** Why the recorded Stripe endpoints are no longer the endpoint's to keep; empty while they are. */
    static Optional<String> reason(StripeWebhookEndpoint endpoint, StripeRecord recorded, String identity) {
        if (!recorded.hasEndpoints()) {
            return Optional.empty();
        }
        if (!endpoint.getSpec().isManaged()) {
            return Optional.of("spec.stripe.manage is no longer true");
        }
        String key = StripeRecord.keyOf(endpoint.getSpec().stripe().apiKeySecretRef());
        if (recorded.apiKey() != null && !recorded.apiKey().equals(key)) {
            return Optional.of(
                    "they were made with API key Secret " + recorded.apiKey() + " and the spec names " + key);
        }
        if (recorded.owner() != null && !recorded.owner().equals(identity)) {
            return Optional.of(
                    "they were made by the installation " + recorded.owner() + ", and this one is " + identity);
        }
        return Optional.empty();
    }

    /** Whether a person asked, by the annotation, to let go of the endpoint's Stripe endpoints rather than delete them. */
    static boolean releaseAsked(StripeWebhookEndpoint endpoint) {
        Map<String, String> annotations = endpoint.getMetadata().getAnnotations();
        return annotations != null && "true".equals(annotations.get(KubernetesApi.RELEASE_ANNOTATION));
    }

    /**
     * Deletes (or releases) the recorded Stripe endpoints because {@code why}; answers the registration to report
     * while Stripe fails (the record is kept, and so is the key), empty once they are gone, let go of or left behind.
     */
    Optional<StripeRegistration> retire(
            KubernetesClient client, StripeWebhookEndpoint endpoint, StripeRecord recorded, String why, Instant now) {
        String ids = String.join(",", recorded.ids());
        String uid = endpoint.getMetadata().getUid();
        if (ids.equals(done.get(uid))) {
            return Optional.empty();
        }
        if (releaseAsked(endpoint)) {
            log(endpoint, "released", ids);
            events.record(client, endpoint, EndpointEvents.stripeEndpointsReleased(ids, why), now);
            finish(endpoint, ids);
            return Optional.empty();
        }
        // A record of an earlier version names no key: the spec's is the only one that can have made them.
        Optional<SecretKeyRef> ref = recorded.apiKeyRef()
                .or(() -> Optional.ofNullable(endpoint.getSpec().stripe()).map(stripe -> stripe.apiKeySecretRef()));
        SecretValue key = ref.map(r -> ReferencedSecrets.read(
                        r,
                        endpoint.getMetadata().getNamespace(),
                        name -> Optional.ofNullable(client.secrets()
                                .inNamespace(endpoint.getMetadata().getNamespace())
                                .withName(name)
                                .get())))
                .orElse(null);
        if (key == null || key.present().isEmpty()) {
            leftBehind(client, endpoint, ids, key == null ? "no API key Secret is recorded" : key.message(), now);
            return Optional.empty();
        }
        try {
            if (registrar.retire(endpoint, recorded, key.present().get()) > 0) {
                events.record(client, endpoint, EndpointEvents.stripeEndpointsRetired(ids, why), now);
            }
            finish(endpoint, ids);
            return Optional.empty();
        } catch (AuthenticationException e) {
            // A key Stripe refuses deletes nothing however often it is tried.
            leftBehind(
                    client,
                    endpoint,
                    ids,
                    StripeEndpointRegistrar.failure(endpoint, e, now, recorded).message(),
                    now);
            return Optional.empty();
        } catch (StripeException e) {
            StripeRegistration failure = StripeEndpointRegistrar.failure(endpoint, e, now, recorded);
            log(endpoint, "retire_failed", ids);
            return Optional.of(StripeRegistration.failed(
                    ConditionReason.RETIRING,
                    "deleting Stripe endpoints " + ids + " (" + why + "): " + failure.message() + "; annotate "
                            + KubernetesApi.RELEASE_ANNOTATION + "=true to let go of them instead",
                    failure.recheckAfter(),
                    recorded));
        }
    }

    /** Tells, once, of Stripe endpoints the operator stops trying to delete. */
    void leftBehind(KubernetesClient client, StripeWebhookEndpoint endpoint, String ids, String why, Instant now) {
        log(endpoint, "left_in_stripe", ids);
        EndpointEvent event = EndpointEvents.stripeEndpointsLeftBehind(ids, why);
        events.record(client, endpoint, event, now);
        finish(endpoint, ids);
    }

    /** Forgets what was kept for an endpoint that is gone. */
    void forget(StripeWebhookEndpoint endpoint) {
        done.remove(endpoint.getMetadata().getUid());
        registrar.forget(endpoint);
    }

    private void finish(StripeWebhookEndpoint endpoint, String ids) {
        done.put(endpoint.getMetadata().getUid(), ids);
        registrar.forget(endpoint);
    }

    private static void log(StripeWebhookEndpoint endpoint, String outcome, String ids) {
        LogLine.of("stripe")
                .with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint))
                .with(LogKey.OUTCOME, outcome)
                .with(LogKey.STRIPE_ENDPOINT, ids)
                .log(LOG, Level.INFO);
    }
}
