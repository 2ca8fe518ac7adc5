package dev.stripeoperator.receiver.backfill;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import dev.stripeoperator.standin.StripeMock.Handled;
import dev.stripeoperator.standin.StripeMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reconcile}'s requests, as stripe-java sends them, against a real stripe-mock, which checks each one against
 * Stripe's OpenAPI specification. Its answers are fixtures, so the assertions are on what it can tell: every request
 * was one the specification allows (no 4xx from request validation), and the run took the fixtures through.
 */
class StripeMockIT {

    @RegisterExtension
    static final BackfillHarness run = new BackfillHarness();

    /** stripe-mock answers any id with its fixture endpoint, which subscribes to charge.failed and charge.succeeded. */
    private static final String ENDPOINT_ID = "we_1BillingEndpoint";

    @RegisterExtension
    static final StripeMockExtension STRIPE_MOCK = new StripeMockExtension();

    @Test
    void theWebhookEndpointReadAndTheEventsListAreRequestsTheSpecificationAllows() throws Exception {
        int exit =
                run.backfill(Map.of("STRIPE_API_BASE", STRIPE_MOCK.get().baseUrl(), "STRIPE_ENDPOINT_ID", ENDPOINT_ID));

        assertThat(exit).as(run.terminationMessage().toString()).isZero();
        List<Handled> handled = STRIPE_MOCK.get().handled(2);
        assertThat(handled)
                .extracting(Handled::request)
                .containsExactly("GET /v1/webhook_endpoints/" + ENDPOINT_ID, "GET /v1/events");
        assertThat(handled).allSatisfy(StripeMockIT::accepted);
        assertThat(handled.get(1).parameters())
                .contains("created:map[gte:")
                .contains("lte:")
                .contains("limit:100");
        JsonObject summary = run.terminationMessage();
        // The fixture list holds one plan.created event, a type the fixture endpoint does not subscribe to.
        assertThat(summary.get("listed").getAsInt()).isEqualTo(1);
        assertThat(summary.get("unsubscribed").getAsInt()).isEqualTo(1);
        assertThat(run.count()).isZero();
    }

    @Test
    void connectedAccountListsAreRequestsTheSpecificationAllows() throws Exception {
        int exit = run.backfill(Map.of(
                "STRIPE_API_BASE",
                STRIPE_MOCK.get().baseUrl(),
                "RECONCILE_CONNECT",
                "true",
                "RECONCILE_CONNECTED_ACCOUNTS",
                "acct_1First,acct_1Second"));

        assertThat(exit).as(run.terminationMessage().toString()).isZero();
        List<Handled> handled = STRIPE_MOCK.get().handled(2);
        assertThat(handled).extracting(Handled::request).containsExactly("GET /v1/events", "GET /v1/events");
        assertThat(handled).allSatisfy(StripeMockIT::accepted);
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("accounts").getAsInt()).isEqualTo(2);
        // Both accounts' lists are the same fixture event: stored for the first, already present for the second.
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(1);
        assertThat(summary.get("alreadyPresent").getAsInt()).isEqualTo(1);
        assertThat(run.count()).isEqualTo(1);
    }

    @Test
    void aDryRunSendsTheSameAllowedRequests() throws Exception {
        int exit = run.backfill(
                Map.of("STRIPE_API_BASE", STRIPE_MOCK.get().baseUrl(), "STRIPE_ENDPOINT_ID", ENDPOINT_ID), "--dry-run");

        assertThat(exit).isZero();
        assertThat(STRIPE_MOCK.get().handled(2)).hasSize(2).allSatisfy(StripeMockIT::accepted);
    }

    @Test
    void stripeMockRefusesARequestTheSpecificationDoesNotAllow() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(STRIPE_MOCK.get().baseUrl() + "/v1/events?created_after=1700000000"))
                            .header("Authorization", "Bearer " + BackfillHarness.API_KEY)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(400);
        }
        assertThat(STRIPE_MOCK.get().handled(1)).singleElement().satisfies(refused -> {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.complaints())
                    .anySatisfy(line -> assertThat(line).startsWith("Request validation error"));
        });
    }

    private static void accepted(Handled handled) {
        assertThat(handled.status())
                .as(handled.request() + " " + handled.complaints())
                .isEqualTo(200);
        assertThat(handled.complaints()).as(handled.request()).isEmpty();
    }
}
