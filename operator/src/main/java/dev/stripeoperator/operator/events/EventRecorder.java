package dev.stripeoperator.operator.events;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Records {@link EndpointEvent}s as core/v1 Events on the endpoint, where {@code kubectl describe swe} shows them.
 * An Event the API server refuses is logged and dropped: the story is for people, and must never hold up the
 * reconcile that keeps deliveries flowing.
 */
public final class EventRecorder {

    /** The component that reports the Events. */
    public static final String COMPONENT = "stripe-webhook-operator";
    /** The API server refuses a longer message. */
    private static final int MESSAGE_LIMIT = 1024;

    private static final Logger LOG = Logger.getLogger(EventRecorder.class.getName());

    /** Beyond this many endpoints, the longest unreconciled one is forgotten and compared with its stored status. */
    private static final int REMEMBERED_ENDPOINTS = 10_000;

    private final String instance;
    /**
     * The status each endpoint (by uid) was last reconciled to here. The cache may not show the operator's own status
     * write yet when the next reconcile starts, and comparing with it would record the same Event again.
     */
    private final Map<String, StripeWebhookEndpointStatus> reconciledTo =
            Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, StripeWebhookEndpointStatus> eldest) {
                    return size() > REMEMBERED_ENDPOINTS;
                }
            });

    /** A recorder that names {@code instance} (the operator's pod) as the reporting instance. */
    public EventRecorder(String instance) {
        this.instance = instance;
    }

    /** A recorder that names this host, in a pod the pod's name, as the reporting instance. */
    public static EventRecorder onThisHost() {
        try {
            return new EventRecorder(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return new EventRecorder(COMPONENT);
        }
    }

    /**
     * Records the Events of the change from the status the endpoint had to {@code status}, the one it is reconciled
     * to now: the status this operator computed last for it, or the stored one after a restart.
     */
    public void recordChange(
            KubernetesClient client, StripeWebhookEndpoint endpoint, StripeWebhookEndpointStatus status, Instant now) {
        String uid = endpoint.getMetadata().getUid();
        StripeWebhookEndpointStatus before = uid == null
                ? endpoint.getStatus()
                : Optional.ofNullable(reconciledTo.put(uid, status)).orElse(endpoint.getStatus());
        record(client, endpoint, EndpointEvents.between(before, status), now);
    }

    /** Records {@code event}, something the operator did that no status change tells, at {@code now}. */
    public void record(KubernetesClient client, StripeWebhookEndpoint endpoint, EndpointEvent event, Instant now) {
        record(client, endpoint, List.of(event), now);
    }

    /** Creates one Event per entry of {@code events}, at {@code now}, on {@code endpoint}. */
    void record(KubernetesClient client, StripeWebhookEndpoint endpoint, List<EndpointEvent> events, Instant now) {
        for (EndpointEvent event : events) {
            try {
                client.v1()
                        .events()
                        .inNamespace(endpoint.getMetadata().getNamespace())
                        .resource(toEvent(endpoint, event, now))
                        .create();
            } catch (KubernetesClientException e) {
                LogLine.of("kubernetes_event")
                        .with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint))
                        .with(LogKey.OUTCOME, "not_recorded")
                        .with(LogKey.REASON, event.reason())
                        .with(LogKey.STATUS, e.getCode())
                        .log(LOG, Level.WARNING);
            }
        }
        if (!events.isEmpty() && LOG.isLoggable(Level.FINE)) {
            LogLine.of("kubernetes_event")
                    .with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint))
                    .with(LogKey.OUTCOME, "recorded")
                    .with(
                            LogKey.REASON,
                            String.join(
                                    ",",
                                    events.stream().map(EndpointEvent::reason).toList()))
                    .log(LOG, Level.FINE);
        }
    }

    /** The Event, named by the API server after the endpoint, so that two at one instant cannot collide. */
    Event toEvent(StripeWebhookEndpoint endpoint, EndpointEvent event, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String message = event.message().length() <= MESSAGE_LIMIT
                ? event.message()
                : event.message().substring(0, MESSAGE_LIMIT - 1) + "…";
        return new EventBuilder()
                .withNewMetadata()
                .withGenerateName(endpoint.getMetadata().getName() + ".")
                .withNamespace(endpoint.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(endpoint.getApiVersion())
                .withKind(endpoint.getKind())
                .withNamespace(endpoint.getMetadata().getNamespace())
                .withName(endpoint.getMetadata().getName())
                .withUid(endpoint.getMetadata().getUid())
                .withResourceVersion(endpoint.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(event.type())
                .withReason(event.reason())
                .withMessage(message)
                .withNewSource()
                .withComponent(COMPONENT)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
    }
}
