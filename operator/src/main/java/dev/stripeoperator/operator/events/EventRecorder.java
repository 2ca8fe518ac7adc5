package dev.stripeoperator.operator.events;

import dev.stripeoperator.contract.LogKey;
import dev.stripeoperator.contract.LogLine;
import dev.stripeoperator.operator.StripeWebhooks;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

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

    private final String instance;

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

    /** Creates one Event per entry of {@code events}, at {@code now}, on {@code endpoint}. */
    public void record(KubernetesClient client, StripeWebhookEndpoint endpoint, List<EndpointEvent> events, Instant now) {
        for (EndpointEvent event : events) {
            try {
                client.v1().events().inNamespace(endpoint.getMetadata().getNamespace())
                        .resource(toEvent(endpoint, event, now)).create();
            } catch (KubernetesClientException e) {
                LOG.warning(LogLine.of("kubernetes_event")
                        .with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint))
                        .with(LogKey.OUTCOME, "not_recorded")
                        .with(LogKey.REASON, event.reason())
                        .with(LogKey.STATUS, e.getCode())
                        .toString());
            }
        }
        if (!events.isEmpty() && LOG.isLoggable(Level.FINE)) {
            LOG.fine(LogLine.of("kubernetes_event")
                    .with(LogKey.ENDPOINT, StripeWebhooks.endpointName(endpoint))
                    .with(LogKey.OUTCOME, "recorded")
                    .with(LogKey.REASON, String.join(",", events.stream().map(EndpointEvent::reason).toList()))
                    .toString());
        }
    }

    /** The Event, named by the API server after the endpoint, so that two at one instant cannot collide. */
    Event toEvent(StripeWebhookEndpoint endpoint, EndpointEvent event, Instant now) {
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        String message = event.message().length() <= MESSAGE_LIMIT ? event.message()
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
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(instance)
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .build();
    }
}
