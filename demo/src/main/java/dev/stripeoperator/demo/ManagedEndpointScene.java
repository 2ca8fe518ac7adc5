package dev.stripeoperator.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.gson.JsonParser;
import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.endpoint.StripeWebhooks;
import dev.stripeoperator.standin.Deliveries;
import dev.stripeoperator.standin.StripeStandIn;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import static dev.stripeoperator.demo.DemoFailure.expect;

/** Step 5: the operator registers the endpoint in Stripe (a stand-in) and rotates it when the annotation asks. */
final class ManagedEndpointScene {

    /** The restricted key the stand-in accepts for webhook endpoint writes. */
    static final String ADMIN_KEY = "rk_test_demo_webhook_endpoints_write";

    private final Narrator narrator;

    ManagedEndpointScene(Narrator narrator) {
        this.narrator = narrator;
    }

    /**
     * Switches the endpoint to a managed Stripe endpoint and rotates it on demand: the operator registers it in the
     * stand-in, which delivers signed events to the receiver; the rotation registers a second Stripe endpoint, both
     * deliver, the sink sees each event once, and the old Stripe endpoint goes when the grace ends.
     */
    void run(
            DemoCluster cluster,
            StripeWebhookEndpoint endpoint,
            DemoReceivers receivers,
            LocalSink sink,
            StripeStandIn stripeApi,
            Duration grace) {
        KubernetesClient client = cluster.client();
        String namespace = endpoint.getMetadata().getNamespace();
        String name = endpoint.getMetadata().getName();
        client.resource(new SecretBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withName("stripe-webhook-admin")
                        .endMetadata()
                        .addToStringData("key", ADMIN_KEY)
                        .build())
                .create();
        String manage =
                "{\"spec\":{\"stripe\":{\"manage\":true,\"apiKeySecretRef\":{\"name\":\"stripe-webhook-admin\",\"key\":\"key\"}},"
                        + "\"signingSecret\":{\"rotationGracePeriod\":\"" + grace.toSeconds() + "s\"}}}";
        narrator.out()
                .println("    Secret " + namespace
                        + "/stripe-webhook-admin: a restricted key with Webhook Endpoints write");
        narrator.shell(cluster, "-n", namespace, "patch", "swe", name, "--type=merge", "-p", manage);

        StripeWebhookEndpointStatus registered = Await.until(
                "status.stripe.endpointId",
                () -> ClusterReads.status(
                        client,
                        namespace,
                        name,
                        s -> s.stripe() != null && s.stripe().endpointId() != null));
        String first = registered.stripe().endpointId();
        printStripe(stripeApi);
        String signingName = StripeWebhooks.signingSecretName(endpoint);
        awaitSecretOf(first, "Stripe's secret", stripeApi, client, namespace, signingName, receivers);
        String before =
                deliveredOnce(stripeApi, sink, Set.of(first), "{\"id\":\"in_managed_1\",\"object\":\"invoice\"}");
        narrator.saw(
                "managed: the operator registered Stripe endpoint " + first + " for status.url and stored its secret; "
                        + "Stripe's delivery " + before + " acknowledged and forwarded");

        // rotateEvery is an hour at the least; the annotation rotates now, as a person would after a leak.
        narrator.shell(
                cluster,
                "-n",
                namespace,
                "annotate",
                "swe",
                name,
                KubernetesApi.ROTATE_ANNOTATION + "=demo-" + Instant.now().getEpochSecond());
        StripeWebhookEndpointStatus rotating = Await.until(
                "a rotation: status.stripe.previousEndpointId",
                () -> ClusterReads.status(
                        client,
                        namespace,
                        name,
                        s -> s.stripe() != null && first.equals(s.stripe().previousEndpointId())));
        String second = rotating.stripe().endpointId();
        narrator.endpointJsonpath(
                cluster,
                namespace,
                name,
                "{.status.stripe}{\"\\n\"}{range .status.conditions[?(@.type==\"StripeRegistered\")]}{.reason}: {.message}{end}");
        printStripe(stripeApi);
        awaitSecretOf(second, "Stripe's new secret", stripeApi, client, namespace, signingName, receivers);
        String during = deliveredOnce(
                stripeApi, sink, Set.of(first, second), "{\"id\":\"in_managed_2\",\"object\":\"invoice\"}");
        narrator.saw("rotation on demand: Stripe endpoints " + first + " and " + second + " both delivered " + during
                + ", the sink received it once");

        Await.until(
                "the old Stripe endpoint " + first + " to be deleted after the grace (" + grace.toSeconds() + " s)",
                () -> stripeApi.endpoint(first).isEmpty() ? first : null);
        Await.until(
                "status.stripe to forget " + first,
                () -> ClusterReads.status(
                        client,
                        namespace,
                        name,
                        s -> s.stripe() != null && !first.equals(s.stripe().previousEndpointId())));
        printStripe(stripeApi);
        narrator.saw("the old Stripe endpoint " + first + " is gone after the grace (" + grace.toSeconds() + " s)");
    }

    /**
     * Stripe sends one invoice.paid; every Stripe endpoint in {@code from} must deliver it (acknowledged), and the sink
     * must receive it exactly once. Answers the event id.
     */
    private String deliveredOnce(StripeStandIn stripeApi, LocalSink sink, Set<String> from, String invoice) {
        String eventId =
                stripeApi.send("invoice.paid", JsonParser.parseString(invoice).getAsJsonObject());
        Set<String> acknowledged = Await.until("Stripe endpoints " + from + " to deliver " + eventId, () -> {
            Set<String> by = stripeApi.attempts().stream()
                    .filter(a -> a.eventId().equals(eventId) && a.acknowledged())
                    .map(Deliveries.Attempt::endpointId)
                    .collect(Collectors.toSet());
            return by.equals(from) ? by : null;
        });
        stripeApi.attempts().stream()
                .filter(a -> a.eventId().equals(eventId))
                .forEach(a -> narrator.out()
                        .printf(
                                "    Stripe endpoint %s delivered %s (attempt %d) → %d%n",
                                a.endpointId(), eventId, a.attempt(), a.status()));
        if (stripeApi.attempts().stream().anyMatch(a -> a.eventId().equals(eventId) && !a.acknowledged())) {
            narrator.out()
                    .println(
                            "    (400 until the receiver re-read the refreshed Secret volume with the new secret; Stripe retried)");
        }
        List<String> forwarded = Await.until("the sink to receive " + eventId, () -> {
            List<String> seen = sink.received().stream()
                    .filter(line -> line.startsWith(eventId + " "))
                    .toList();
            return seen.isEmpty() ? null : seen;
        });
        Await.pause(Duration.ofSeconds(1));
        forwarded = sink.received().stream()
                .filter(line -> line.startsWith(eventId + " "))
                .toList();
        narrator.out()
                .printf(
                        "    delivered by %d Stripe endpoint(s), forwarded to the sink %d time(s): %s%n",
                        acknowledged.size(), forwarded.size(), forwarded.getFirst());
        expect(forwarded.size() == 1, "the sink should receive " + eventId + " once, got " + forwarded.size());
        return eventId;
    }

    private void printStripe(StripeStandIn stripeApi) {
        narrator.out().println("    Stripe's webhook endpoints (GET /v1/webhook_endpoints):");
        stripeApi
                .endpoints()
                .forEach(e -> narrator.out()
                        .printf(
                                "      %s %-8s %s %s%n",
                                e.get("id").getAsString(),
                                e.get("status").getAsString(),
                                e.get("url").getAsString(),
                                e.getAsJsonObject("metadata")));
    }

    /** Waits until the operator stored this Stripe endpoint's secret as current, then until the receivers use it. */
    private void awaitSecretOf(
            String stripeEndpoint,
            String secret,
            StripeStandIn stripeApi,
            KubernetesClient client,
            String namespace,
            String signingName,
            DemoReceivers receivers) {
        Await.until(
                secret + " as current in " + signingName,
                () -> stripeApi.secretsOf(stripeEndpoint).stream()
                        .findFirst()
                        .filter(ClusterReads.currentSigningSecret(client, namespace, signingName)::equals)
                        .map(value -> stripeEndpoint)
                        .orElse(null));
        receivers.awaitSigningSecret(ClusterReads.currentSigningSecret(client, namespace, signingName), narrator.out());
    }
}
