package dev.stripeoperator.receiver.backfill;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripeoperator.receiver.backfill.StripeEventsApi.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.stripeoperator.receiver.backfill.BackfillHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reconcile} recovers what the Stripe webhook endpoint would have sent, in the shape it sends it: only the
 * types the endpoint subscribes to, events of another API version marked, connected accounts' events per account;
 * and a dry run that changes nothing. The real stripe-java SDK against the Stripe API stand-in on loopback, and a
 * real embedded PostgreSQL.
 */
class BackfillFidelityIT {

    @RegisterExtension
    static final BackfillHarness run = new BackfillHarness();

    private static final String ENDPOINT_ID = "we_1BillingEndpoint";
    private static final Map<String, String> WITH_ENDPOINT = Map.of("STRIPE_ENDPOINT_ID", ENDPOINT_ID);
    private static final String EVENT_VERSION = "2025-09-30.clover";
    private static final String PINNED_VERSION = "2024-06-20";

    // --- event types ---

    @Test
    void typesTheStripeEndpointDoesNotSubscribeToAreNeverStoredAsRecovered() throws Exception {
        givenAnEndpointSubscribedTo("invoice.paid", "checkout.session.completed");
        run.add("evt_1Paid", "invoice.paid");
        run.add("evt_1Checkout", "checkout.session.completed");
        run.add("evt_1Customer", "customer.created");
        run.add("evt_1Charge", "charge.succeeded");

        int exit = run.backfill(WITH_ENDPOINT);

        assertThat(exit).isZero();
        assertThat(run.ids()).containsExactlyInAnyOrder("evt_1Paid", "evt_1Checkout");
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(4);
        assertThat(summary.get("unsubscribed").getAsInt()).isEqualTo(2);
        assertThat(summary.get("missing").getAsInt()).isEqualTo(2);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(2);
        assertThat(run.stripe().calls().getFirst().path()).isEqualTo("/v1/webhook_endpoints/" + ENDPOINT_ID);
    }

    @Test
    void withoutTheEndpointIdEveryTypeOfTheAccountIsRecovered() throws Exception {
        givenAnEndpointSubscribedTo("invoice.paid");
        run.add("evt_1Paid", "invoice.paid");
        run.add("evt_1Customer", "customer.created");

        int exit = run.backfill(Map.of());

        assertThat(exit).isZero();
        assertThat(run.ids()).containsExactlyInAnyOrder("evt_1Paid", "evt_1Customer");
        assertThat(run.terminationMessage().get("unsubscribed").getAsInt()).isZero();
        assertThat(run.stripe().calls()).extracting(Request::path).containsOnly("/v1/events");
    }

    @Test
    void subscribedTypesOutsideEnabledEventsAreStillStoredAsIgnored() throws Exception {
        givenAnEndpointSubscribedTo("invoice.paid", "invoice.finalized");
        run.add("evt_1Paid", "invoice.paid");
        run.add("evt_1Finalized", "invoice.finalized");
        run.add("evt_1Customer", "customer.created");

        int exit = run.backfill(with(WITH_ENDPOINT, "ENABLED_EVENTS", "invoice.paid"));

        assertThat(exit).isZero();
        assertThat(run.row("evt_1Paid").status()).isEqualTo("pending");
        assertThat(run.row("evt_1Finalized").status()).isEqualTo("ignored");
        assertThat(run.ids()).doesNotContain("evt_1Customer");
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(1);
        assertThat(summary.get("ignored").getAsInt()).isEqualTo(1);
        assertThat(summary.get("unsubscribed").getAsInt()).isEqualTo(1);
    }

    @Test
    void anEndpointSubscribedToEverythingSkipsNoType() throws Exception {
        givenAnEndpointSubscribedTo("*");
        run.add("evt_1Paid", "invoice.paid");
        run.add("evt_1Customer", "customer.created");

        run.backfill(WITH_ENDPOINT);

        assertThat(run.ids()).containsExactlyInAnyOrder("evt_1Paid", "evt_1Customer");
        assertThat(run.terminationMessage().get("unsubscribed").getAsInt()).isZero();
    }

    // --- API versions ---

    @Test
    void aRecoveredEventOfAnotherApiVersionIsStoredAsItIsButMarkedAndCounted() throws Exception {
        run.stripe().addWebhookEndpoint(ENDPOINT_ID, List.of("*"), PINNED_VERSION, "enabled");
        JsonObject otherVersion = run.add("evt_1OtherVersion", "invoice.paid");
        JsonObject sameVersion = run.add("evt_1SameVersion", "invoice.paid");
        sameVersion.addProperty("api_version", PINNED_VERSION);
        JsonObject delivered = run.add("evt_1Delivered", "invoice.paid");
        run.storeAsWebhook(delivered);

        int exit = run.backfill(WITH_ENDPOINT);

        assertThat(exit).isZero();
        BackfillHarness.StoredRow marked = run.row("evt_1OtherVersion");
        assertThat(marked.apiVersionMismatch()).isTrue();
        assertThat(marked.status()).isEqualTo("pending");
        assertThat(marked.payloadEqualsRaw(otherVersion))
                .as("stored as Stripe listed it")
                .isTrue();
        assertThat(run.row("evt_1SameVersion").apiVersionMismatch()).isFalse();
        assertThat(run.row("evt_1Delivered").apiVersionMismatch())
                .as("already stored rows are left alone")
                .isFalse();
        assertThat(run.column("SELECT api_version FROM stripe_events WHERE id = 'evt_1OtherVersion'"))
                .containsExactly(EVENT_VERSION);
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("versionMismatches").getAsInt()).isEqualTo(1);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(2);
        assertThat(summary.get("message").getAsString())
                .contains("1 rendered at another API version than the Stripe" + " endpoint's " + PINNED_VERSION
                        + ", marked for the sink with Stripe-Event-Api-Version");
    }

    @Test
    void anEndpointThatFollowsTheAccountsVersionMarksNothing() throws Exception {
        givenAnEndpointSubscribedTo("*");
        run.add("evt_1Paid", "invoice.paid");

        run.backfill(WITH_ENDPOINT);

        assertThat(run.row("evt_1Paid").apiVersionMismatch()).isFalse();
        assertThat(run.terminationMessage().get("versionMismatches").getAsInt()).isZero();
    }

    // --- reading the endpoint ---

    @Test
    void anUnknownEndpointIdIsAConfigurationErrorAndNothingIsListed() throws Exception {
        run.add("evt_1Paid", "invoice.paid");

        int exit = run.backfill(WITH_ENDPOINT);

        assertThat(exit).isEqualTo(2);
        assertThat(run.terminationMessage().get("message").getAsString())
                .isEqualTo("Stripe has no webhook endpoint " + ENDPOINT_ID
                        + " (404): check STRIPE_ENDPOINT_ID, and that the key is of the endpoint's account and mode");
        assertThat(run.stripe().calls()).extracting(Request::path).doesNotContain("/v1/events");
        assertThat(run.count()).isZero();
    }

    @Test
    void aKeyThatMayNotReadWebhookEndpointsIsNamedAsSuch() throws Exception {
        givenAnEndpointSubscribedTo("*");
        run.stripe().fail(403, 1);

        int exit = run.backfill(WITH_ENDPOINT);

        assertThat(exit).isEqualTo(2);
        String message = run.terminationMessage().get("message").getAsString();
        assertThat(message)
                .startsWith("Stripe refused the API key (403 permission denied) reading webhook endpoint " + ENDPOINT_ID
                        + ": with STRIPE_ENDPOINT_ID set, a restricted key needs Webhook Endpoints read access");
        assertThat(message).doesNotContain("sk_test").doesNotContain("rk_test");
    }

    @Test
    void aDisabledEndpointIsNamedInTheSummary() throws Exception {
        run.stripe().addWebhookEndpoint(ENDPOINT_ID, List.of("*"), null, "disabled");
        run.add("evt_1Paid", "invoice.paid");

        int exit = run.backfill(WITH_ENDPOINT);

        assertThat(exit).isZero();
        assertThat(run.ids()).containsExactly("evt_1Paid");
        assertThat(run.terminationMessage().get("message").getAsString())
                .contains("the Stripe endpoint " + ENDPOINT_ID + " is disabled, Stripe sends it nothing");
    }

    // --- Connect ---

    @Test
    void aConnectEndpointRecoversTheEventsOfTheAccountsSeenInTheTableAndConfigured() throws Exception {
        JsonObject delivered = run.addTo("acct_1Seen", "evt_1SeenDelivered", "invoice.paid");
        delivered.addProperty("account", "acct_1Seen");
        run.storeAsWebhook(delivered);
        run.addTo("acct_1Seen", "evt_1SeenMissing", "invoice.paid").addProperty("account", "acct_1Seen");
        JsonObject withoutAccount = run.addTo("acct_1Configured", "evt_1ConfiguredMissing", "invoice.paid");
        run.addTo("acct_1Unseen", "evt_1Unseen", "invoice.paid").addProperty("account", "acct_1Unseen");
        run.add("evt_1Platform", "invoice.paid");

        int exit =
                run.backfill(Map.of("RECONCILE_CONNECT", "true", "RECONCILE_CONNECTED_ACCOUNTS", "acct_1Configured"));

        assertThat(exit).isZero();
        assertThat(run.ids())
                .containsExactlyInAnyOrder("evt_1SeenDelivered", "evt_1SeenMissing", "evt_1ConfiguredMissing");
        assertThat(run.stripe().calls())
                .extracting(Request::account)
                .as("a Connect endpoint never receives the platform's own events")
                .containsExactlyInAnyOrder("acct_1Configured", "acct_1Seen");
        JsonObject stored = JsonParser.parseString(
                        run.row("evt_1ConfiguredMissing").payload())
                .getAsJsonObject();
        assertThat(stored.get("account").getAsString())
                .as("the shape a Connect delivery has")
                .isEqualTo("acct_1Configured");
        stored.remove("account");
        assertThat(stored).as("otherwise as Stripe listed it").isEqualTo(withoutAccount);
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("accounts").getAsInt()).isEqualTo(2);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(2);
        assertThat(summary.get("alreadyPresent").getAsInt()).isEqualTo(1);
        assertThat(summary.get("message").getAsString()).contains("covered 2 connected accounts");
    }

    @Test
    void aConnectedAccountsEventsArePagedWithItsHeaderOnEveryPage() throws Exception {
        run.stripe().connect("acct_1Busy");
        for (int i = 0; i < 150; i++) {
            run.stripe()
                    .add(
                            "acct_1Busy",
                            StripeEventJson.event(
                                    String.format("evt_1B%08d", i),
                                    "invoice.paid",
                                    NOW.minus(Duration.ofHours(2)).plusSeconds(i),
                                    false));
        }

        int exit = run.backfill(Map.of("RECONCILE_CONNECT", "true", "RECONCILE_CONNECTED_ACCOUNTS", "acct_1Busy"));

        assertThat(exit).isZero();
        List<Request> calls = run.stripe().calls();
        assertThat(calls).hasSize(2).extracting(Request::account).containsOnly("acct_1Busy");
        assertThat(calls.get(1).query()).containsKey("starting_after");
        assertThat(run.count()).isEqualTo(150);
    }

    @Test
    void anAccountStripeWillNotListFailsTheRunAfterTheOthersAreCovered() throws Exception {
        JsonObject gone = StripeEventJson.event("evt_1FromGone", "invoice.paid", NOW.minus(Duration.ofHours(3)), false);
        gone.addProperty("account", "acct_1Gone");
        run.storeAsWebhook(gone);
        run.addTo("acct_1Here", "evt_1Here", "invoice.paid");

        int exit = run.backfill(Map.of("RECONCILE_CONNECT", "true", "RECONCILE_CONNECTED_ACCOUNTS", "acct_1Here"));

        assertThat(exit).isEqualTo(1);
        assertThat(run.ids()).contains("evt_1Here");
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Failed");
        assertThat(summary.get("accounts").getAsInt()).isEqualTo(1);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(1);
        assertThat(summary.get("message").getAsString())
                .isEqualTo("could not list 1 of 2 connected accounts, the"
                        + " others were covered: acct_1Gone: Stripe refused to list its events (403): it disconnected from the"
                        + " platform, or the key lacks Events read access for it");
    }

    @Test
    void accountsSeenOnlyBeforeTheLookbackAreNotListed() throws Exception {
        JsonObject old = StripeEventJson.event("evt_1Old", "invoice.paid", NOW.minus(Duration.ofHours(40)), false);
        old.addProperty("account", "acct_1Old");
        run.storeAsWebhook(old);
        run.execute("UPDATE stripe_events SET received_at = now() - interval '40 hours'");
        run.addTo("acct_1Old", "evt_1OldAccountNew", "invoice.paid");

        int exit = run.backfill(Map.of("RECONCILE_CONNECT", "true"));

        assertThat(exit).isZero();
        assertThat(run.stripe().calls()).isEmpty();
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("accounts").getAsInt()).isZero();
        assertThat(summary.get("message").getAsString())
                .contains("no connected account to list: none sent events within the lookback and none is configured");
    }

    // --- dry run ---

    @Test
    void aDryRunListsWhatWouldBeStoredAndChangesNothing() throws Exception {
        run.stripe()
                .addWebhookEndpoint(
                        ENDPOINT_ID, List.of("invoice.paid", "customer.created"), PINNED_VERSION, "enabled");
        List<JsonObject> invoices = run.events(3, "invoice.paid");
        run.storeAsWebhook(invoices.get(0));
        JsonObject customer = run.add("evt_1Customer", "customer.created");
        run.add("evt_1Charge", "charge.succeeded");
        List<String> before = run.snapshot();

        int exit = run.backfill(with(WITH_ENDPOINT, "ENABLED_EVENTS", "invoice.*"), "--dry-run");

        assertThat(exit).isZero();
        assertThat(run.snapshot()).isEqualTo(before);
        String later = " (the Stripe endpoint renders " + PINNED_VERSION + ")";
        assertThat(run.printed())
                .containsExactlyInAnyOrder(
                        "would recover " + id(invoices.get(1)) + " type=invoice.paid created="
                                + created(invoices.get(1)) + " api_version=" + EVENT_VERSION + later,
                        "would recover " + id(invoices.get(2)) + " type=invoice.paid created="
                                + created(invoices.get(2)) + " api_version=" + EVENT_VERSION + later,
                        "would store as ignored evt_1Customer type=customer.created created=" + created(customer)
                                + " api_version=" + EVENT_VERSION + later);
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("dryRun").getAsBoolean()).isTrue();
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(2);
        assertThat(summary.get("ignored").getAsInt()).isEqualTo(1);
        assertThat(summary.get("unsubscribed").getAsInt()).isEqualTo(1);
        assertThat(summary.get("versionMismatches").getAsInt()).isEqualTo(3);
        assertThat(summary.get("message").getAsString())
                .startsWith("would recover 2 missed events for forwarding,"
                        + " would store 1 of types not enabled as ignored")
                .endsWith("; dry run, nothing was changed");

        assertThat(run.backfill(with(WITH_ENDPOINT, "ENABLED_EVENTS", "invoice.*")))
                .isZero();
        assertThat(run.ids())
                .as("the run that stores does what the dry run said")
                .containsExactlyInAnyOrder(
                        id(invoices.get(0)), id(invoices.get(1)), id(invoices.get(2)), "evt_1Customer");
    }

    @Test
    void aDryRunLeavesTheSchemaAlone() throws Exception {
        run.execute("DROP DATABASE IF EXISTS unmigrated");
        run.execute("CREATE DATABASE unmigrated");
        String unmigrated = run.jdbcUrl().replace("/postgres?", "/unmigrated?");
        run.events(1, "invoice.paid");

        int exit = run.backfill(Map.of("DATABASE_URL", unmigrated), "--dry-run");

        assertThat(exit).isEqualTo(1);
        assertThat(run.terminationMessage().get("message").getAsString())
                .isEqualTo("database error after 1 listed events: ERROR: relation \"stripe_events\" does not exist");
        try (Connection connection = DriverManager.getConnection(unmigrated);
                ResultSet tables = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            assertThat(tables.next())
                    .as("no table created, no migration applied")
                    .isFalse();
        }
    }

    @Test
    void anUnknownArgumentIsAConfigurationErrorBeforeAnythingIsAsked() throws Exception {
        run.events(1, "invoice.paid");

        int exit = run.backfill(Map.of(), "--dryrun");

        assertThat(exit).isEqualTo(2);
        assertThat(run.terminationMessage().get("message").getAsString())
                .isEqualTo("unknown argument '--dryrun': reconcile takes --dry-run, --since <time> and"
                        + " --forwarded-before <time>");
        assertThat(run.stripe().calls()).isEmpty();
        assertThat(run.count()).isZero();
    }

    /** The Stripe endpoint, enabled and following the account's API version, subscribed to these types. */
    private static void givenAnEndpointSubscribedTo(String... types) {
        run.stripe().addWebhookEndpoint(ENDPOINT_ID, List.of(types), null, "enabled");
    }

    private static Map<String, String> with(Map<String, String> settings, String name, String value) {
        Map<String, String> more = new HashMap<>(settings);
        more.put(name, value);
        return more;
    }

    private static String id(JsonObject event) {
        return event.get("id").getAsString();
    }

    private static String created(JsonObject event) {
        return Instant.ofEpochSecond(event.get("created").getAsLong()).toString();
    }
}
