package dev.stripeoperator.standin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.WebhookEndpoint;
import com.stripe.net.Webhook;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.WebhookEndpointUpdateParams;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The stand-in, driven by the real stripe-java client, and its deliveries, verified by stripe-java's Webhook. */
class StripeStandInIT {

    private static final String WRITE_KEY = "rk_test_51WebhookWriteKey0001";
    private static final String READ_KEY = "rk_test_51WebhookReadKey00001";

    private HttpServer receiver;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile List<String> verifyWith = List.of();
    private StripeStandIn stripe;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String header = exchange.getRequestHeaders().getFirst("Stripe-Signature");
                int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : verified(payload, header);
                exchange.sendResponseHeaders(status, -1);
            }
        });
        receiver.start();
        URI loopback = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort());
        stripe = StripeStandIn.start(
                Map.of(WRITE_KEY, StripeStandIn.Access.WRITE, READ_KEY, StripeStandIn.Access.READ),
                url -> loopback.resolve(url.getRawPath()));
    }

    @AfterEach
    void stop() {
        stripe.close();
        receiver.stop(0);
    }

    /** 200 when every secret in {@link #verifyWith} verifies the header on its own, as two receivers would. */
    private int verified(String payload, String header) {
        try {
            for (String secret : verifyWith) {
                Event event = Webhook.constructEvent(payload, header, secret);
                received.add(event.getId());
            }
            return 200;
        } catch (SignatureVerificationException e) {
            return 400;
        }
    }

    private StripeClient client(String key) {
        return StripeClient.builder()
                .setApiKey(key)
                .setApiBase(stripe.baseUrl())
                .setMaxNetworkRetries(0)
                .build();
    }

    private WebhookEndpoint create(String url, WebhookEndpointCreateParams.EnabledEvent... events) throws Exception {
        return client(WRITE_KEY)
                .v1()
                .webhookEndpoints()
                .create(WebhookEndpointCreateParams.builder()
                        .setUrl(url)
                        .addAllEnabledEvent(List.of(events))
                        .putMetadata("namespace", "payments")
                        .build());
    }

    @Test
    void createAnswersTheSecretOnceAndListRetrieveUpdateDeleteBehaveLikeStripe() throws Exception {
        WebhookEndpoint created =
                create("https://hooks.example.com/stripe", WebhookEndpointCreateParams.EnabledEvent.INVOICE__PAID);

        assertThat(created.getSecret()).startsWith("whsec_");
        assertThat(created.getStatus()).isEqualTo("enabled");
        assertThat(created.getMetadata()).containsEntry("namespace", "payments");
        assertThat(created.getApiVersion()).isEqualTo(StripeStandIn.DEFAULT_API_VERSION);
        StripeClient client = client(WRITE_KEY);
        WebhookEndpoint retrieved = client.v1().webhookEndpoints().retrieve(created.getId());
        assertThat(retrieved.getSecret()).isNull();
        assertThat(retrieved.getUrl()).isEqualTo("https://hooks.example.com/stripe");

        WebhookEndpoint updated = client.v1()
                .webhookEndpoints()
                .update(
                        created.getId(),
                        WebhookEndpointUpdateParams.builder()
                                .setUrl("https://hooks.example.com/v2")
                                .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.CHARGE__SUCCEEDED)
                                .setDisabled(true)
                                .build());
        assertThat(updated.getUrl()).isEqualTo("https://hooks.example.com/v2");
        assertThat(updated.getEnabledEvents()).containsExactly("charge.succeeded");
        assertThat(updated.getStatus()).isEqualTo("disabled");

        assertThat(client.v1().webhookEndpoints().delete(created.getId()).getDeleted())
                .isTrue();
        assertThatThrownBy(() -> client.v1().webhookEndpoints().retrieve(created.getId()))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(404);
                    assertThat(e.getCode()).isEqualTo("resource_missing");
                });
        assertThatThrownBy(() -> client.v1().webhookEndpoints().delete(created.getId()))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(404));
    }

    @Test
    void anAccountHoldsSixteenEndpointsTheSeventeenthIsRefusedUntilOneIsDeleted() throws Exception {
        List<WebhookEndpoint> created = new java.util.ArrayList<>();
        for (int i = 0; i < StripeStandIn.ENDPOINT_LIMIT; i++) {
            created.add(
                    create("https://hooks.example.com/" + i, WebhookEndpointCreateParams.EnabledEvent.INVOICE__PAID));
        }

        assertThatThrownBy(() ->
                        create("https://hooks.example.com/17", WebhookEndpointCreateParams.EnabledEvent.INVOICE__PAID))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getCode()).isNull();
                    assertThat(e.getStripeError().getType()).isEqualTo("invalid_request_error");
                    assertThat(e.getStripeError().getMessage()).contains("maximum of 16 test webhook endpoints");
                });
        client(WRITE_KEY).v1().webhookEndpoints().delete(created.getFirst().getId());
        assertThat(create("https://hooks.example.com/17", WebhookEndpointCreateParams.EnabledEvent.INVOICE__PAID)
                        .getSecret())
                .startsWith("whsec_");
    }

    @Test
    void eachAccountSeesHoldsAndChangesOnlyItsOwnEndpoints() throws Exception {
        String otherKey = "rk_test_51OtherAccountKey001";
        StripeStandIn accounts = StripeStandIn.start(
                Map.of(WRITE_KEY, StripeStandIn.Access.WRITE, otherKey, StripeStandIn.Access.WRITE),
                Map.of(otherKey, "acct_other"),
                url -> url,
                java.time.Clock.systemUTC());
        try (accounts) {
            StripeClient mine = StripeClient.builder()
                    .setApiKey(WRITE_KEY)
                    .setApiBase(accounts.baseUrl())
                    .build();
            StripeClient theirs = StripeClient.builder()
                    .setApiKey(otherKey)
                    .setApiBase(accounts.baseUrl())
                    .build();
            WebhookEndpointCreateParams params = WebhookEndpointCreateParams.builder()
                    .setUrl("https://hooks.example.com/mine")
                    .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                    .build();
            String id = mine.v1().webhookEndpoints().create(params).getId();
            for (int i = 0; i < StripeStandIn.ENDPOINT_LIMIT; i++) {
                theirs.v1().webhookEndpoints().create(params);
            }

            assertThat(mine.v1()
                            .webhookEndpoints()
                            .list(WebhookEndpointListParams.builder().build())
                            .getData())
                    .extracting(WebhookEndpoint::getId)
                    .containsExactly(id);
            assertThatThrownBy(() -> theirs.v1().webhookEndpoints().delete(id))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(404));
            assertThat(accounts.endpoint(id)).isPresent();
            assertThatThrownBy(() -> theirs.v1().webhookEndpoints().create(params))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("maximum of 16");
            assertThat(mine.v1().webhookEndpoints().create(params).getId()).startsWith("we_");
            assertThat(accounts.handled())
                    .filteredOn(h -> h.method().equals("DELETE"))
                    .singleElement()
                    .satisfies(h -> assertThat(h.account()).isEqualTo("acct_other"));
        }
    }

    @Test
    void listPagesNewestFirstAndAutoPagingSeesEveryEndpoint() throws Exception {
        for (int i = 0; i < 5; i++) {
            create("https://hooks.example.com/" + i, WebhookEndpointCreateParams.EnabledEvent.ALL);
        }

        var page = client(READ_KEY)
                .v1()
                .webhookEndpoints()
                .list(WebhookEndpointListParams.builder().setLimit(2L).build());
        assertThat(page.getData())
                .extracting(WebhookEndpoint::getUrl)
                .containsExactly("https://hooks.example.com/4", "https://hooks.example.com/3");
        assertThat(page.getHasMore()).isTrue();
        assertThat(page.autoPagingIterable())
                .extracting(WebhookEndpoint::getUrl)
                .hasSize(5)
                .doesNotHaveDuplicates();
    }

    @Test
    void keysAreCheckedAndErrorsComeInStripesShape() throws Exception {
        assertThatThrownBy(() -> client("sk_test_51UnknownKey0000000")
                        .v1()
                        .webhookEndpoints()
                        .list())
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Invalid API Key provided");
        assertThatThrownBy(() -> client(READ_KEY)
                        .v1()
                        .webhookEndpoints()
                        .create(WebhookEndpointCreateParams.builder()
                                .setUrl("https://hooks.example.com/stripe")
                                .addEnabledEvent(WebhookEndpointCreateParams.EnabledEvent.ALL)
                                .build()))
                .isInstanceOf(PermissionException.class);
        assertThatThrownBy(() -> create("not a url", WebhookEndpointCreateParams.EnabledEvent.ALL))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(400);
                    assertThat(e.getParam()).isEqualTo("url");
                });
        stripe.failNext("GET", 1, StripeError.rateLimited());
        assertThatThrownBy(() -> client(READ_KEY).v1().webhookEndpoints().list())
                .isInstanceOfSatisfying(
                        RateLimitException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(429));
        assertThat(client(READ_KEY).v1().webhookEndpoints().list().getData()).isEmpty();
        assertThat(stripe.endpoints()).isEmpty();
    }

    @Test
    void aFailureAimedAtOneKeyLeavesOtherClientsAlone() throws Exception {
        stripe.failNext("GET", READ_KEY, 1, StripeError.rateLimited());

        assertThat(client(WRITE_KEY).v1().webhookEndpoints().list().getData()).isEmpty();
        assertThatThrownBy(() -> client(READ_KEY).v1().webhookEndpoints().list())
                .isInstanceOfSatisfying(
                        RateLimitException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(429));
        assertThat(client(READ_KEY).v1().webhookEndpoints().list().getData()).isEmpty();
    }

    @Test
    void deliversSignedEventsToEnabledSubscribedEndpointsAndRetriesUntilAcknowledged() throws Exception {
        WebhookEndpoint invoices =
                create("https://hooks.example.com/a", WebhookEndpointCreateParams.EnabledEvent.INVOICE__PAID);
        WebhookEndpoint charges =
                create("https://hooks.example.com/b", WebhookEndpointCreateParams.EnabledEvent.CHARGE__SUCCEEDED);
        verifyWith = List.of(invoices.getSecret());
        failuresLeft.set(2);

        String eventId = stripe.send("invoice.paid", new JsonObject());

        // The stand-in records an attempt once it has the answer, just after the receiver has the event.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stripe.attempts())
                        .allSatisfy(a -> assertThat(a.endpointId()).isEqualTo(invoices.getId()))
                        .extracting(Deliveries.Attempt::status)
                        .containsExactly(503, 503, 200));
        assertThat(received).contains(eventId);
        assertThat(charges.getId()).isNotEqualTo(invoices.getId());
    }

    @Test
    void aRolledEndpointSignsWithEveryActiveSecretAndADisabledOneGetsNothing() throws Exception {
        WebhookEndpoint endpoint = create("https://hooks.example.com/a", WebhookEndpointCreateParams.EnabledEvent.ALL);
        String rolled = stripe.rollSecret(endpoint.getId(), Duration.ofHours(1));
        verifyWith = List.of(endpoint.getSecret(), rolled);

        String first = stripe.send("customer.created", new JsonObject());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> received.stream().filter(first::equals).count() == 2
                        && stripe.attempts().size() == 1);

        client(WRITE_KEY)
                .v1()
                .webhookEndpoints()
                .update(
                        endpoint.getId(),
                        WebhookEndpointUpdateParams.builder().setDisabled(true).build());
        stripe.send("customer.created", new JsonObject());
        assertThat(stripe.attempts()).hasSize(1);
    }
}
