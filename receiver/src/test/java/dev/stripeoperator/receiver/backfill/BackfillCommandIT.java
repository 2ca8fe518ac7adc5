package dev.stripeoperator.receiver.backfill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.google.gson.JsonObject;
import dev.stripeoperator.contract.LogCapture;
import dev.stripeoperator.contract.LogfmtReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static dev.stripeoperator.receiver.backfill.BackfillHarness.API_KEY;
import static dev.stripeoperator.receiver.backfill.BackfillHarness.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code reconcile} command end to end: the real stripe-java SDK against a Stripe events API over loopback, and a
 * real embedded PostgreSQL.
 */
class BackfillCommandIT {

    @RegisterExtension
    static final BackfillHarness run = new BackfillHarness();

    @TempDir
    Path tmp;

    @Test
    void nothingMissingStoresNothingAndSaysSo() throws Exception {
        List<JsonObject> events = run.events(3, "invoice.paid");
        for (JsonObject e : events) {
            run.storeAsWebhook(e);
        }

        int exit = run.backfill(Map.of());

        assertThat(exit).isZero();
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(3);
        assertThat(summary.get("alreadyPresent").getAsInt()).isEqualTo(3);
        assertThat(summary.get("missing").getAsInt()).isZero();
        assertThat(summary.get("recovered").getAsInt()).isZero();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Succeeded");
        assertThat(summary.get("message").getAsString()).isEqualTo("nothing missing");
        assertThat(run.sources()).containsOnly("webhook");
    }

    @Test
    void missingEventsAreRecoveredAsPendingWithTheRawJsonAndSourceReconcile() throws Exception {
        List<JsonObject> events = run.events(5, "invoice.paid");
        run.storeAsWebhook(events.get(0));
        run.storeAsWebhook(events.get(3));

        int exit = run.backfill(Map.of());

        assertThat(exit).isZero();
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(5);
        assertThat(summary.get("alreadyPresent").getAsInt()).isEqualTo(2);
        assertThat(summary.get("missing").getAsInt()).isEqualTo(3);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(3);
        for (int i : new int[] {1, 2, 4}) {
            JsonObject served = events.get(i);
            BackfillHarness.StoredRow row = run.row(served.get("id").getAsString());
            assertThat(row.source()).isEqualTo("reconcile");
            assertThat(row.status()).isEqualTo("pending");
            assertThat(row.nextAttemptDue()).as("due for the delivery worker").isTrue();
            assertThat(row.payloadEqualsRaw(served))
                    .as("payload is the event as Stripe sent it")
                    .isTrue();
        }
        assertThat(run.row(events.get(0).get("id").getAsString()).source()).isEqualTo("webhook");
        assertThat(run.row(events.get(3).get("id").getAsString()).source()).isEqualTo("webhook");
    }

    @Test
    void theStoredPayloadKeepsNullsAndFieldsTheSdkDoesNotModel() throws Exception {
        JsonObject served = run.events(1, "invoice.paid").get(0);

        run.backfill(Map.of());

        assertThat(run.column("SELECT concat_ws('|', jsonb_typeof(payload #> '{request,idempotency_key}'),"
                        + " payload #>> '{x_unmodelled_field,kept}', payload #>> '{data,object,metadata,order}')"
                        + " FROM stripe_events WHERE id = '" + served.get("id").getAsString() + "'"))
                .containsExactly("null|true|A-1001");
    }

    @Test
    void aSecondRunChangesNothing() throws Exception {
        run.events(4, "invoice.paid");
        assertThat(run.backfill(Map.of())).isZero();
        List<String> afterFirst = run.snapshot();

        int exit = run.backfill(Map.of());

        assertThat(exit).isZero();
        assertThat(run.snapshot()).isEqualTo(afterFirst);
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(4);
        assertThat(summary.get("alreadyPresent").getAsInt()).isEqualTo(4);
        assertThat(summary.get("recovered").getAsInt()).isZero();
    }

    @Test
    void threePagesAreFollowedWithStartingAfter() throws Exception {
        List<JsonObject> events = run.events(250, "invoice.paid");

        int exit = run.backfill(Map.of());

        assertThat(exit).isZero();
        List<Map<String, String>> requests = run.stripe().requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(q -> assertThat(q).containsEntry("limit", "100"));
        assertThat(requests.get(0)).doesNotContainKey("starting_after");
        // Newest first: the events were made oldest first, so the 100th listed is events[150], the 200th events[50].
        assertThat(requests.get(1))
                .containsEntry("starting_after", events.get(150).get("id").getAsString());
        assertThat(requests.get(2))
                .containsEntry("starting_after", events.get(50).get("id").getAsString());
        assertThat(requests.get(2))
                .containsEntry("created[gte]", requests.get(0).get("created[gte]"));
        assertThat(run.terminationMessage().get("recovered").getAsInt()).isEqualTo(250);
        assertThat(run.count()).isEqualTo(250);
    }

    @Test
    void sinceListsFromThatTimeInsteadOfTheLookback() throws Exception {
        JsonObject older = run.add("evt_1QSinceOlder", "invoice.paid", NOW.minus(Duration.ofDays(3)), false);
        JsonObject inside = run.add("evt_1QSinceInside", "invoice.paid", NOW.minus(Duration.ofDays(2)), false);
        Instant since = NOW.minus(Duration.ofDays(2)).minusSeconds(60);

        int exit = run.backfill(Map.of(), "--since", since.toString());

        assertThat(exit).isZero();
        assertThat(run.stripe().requests().getFirst())
                .containsEntry("created[gte]", Long.toString(since.getEpochSecond()));
        assertThat(run.ids()).containsExactly(inside.get("id").getAsString());
        assertThat(run.ids()).doesNotContain(older.get("id").getAsString());
        assertThat(run.terminationMessage().get("message").getAsString())
                .startsWith("listed events since " + since + "; recovered 1 missed events for forwarding");
    }

    @Test
    void eventsCreatedBeforeForwardedBeforeAreStoredAsDeliveredTheOthersForForwarding() throws Exception {
        JsonObject taken = run.add("evt_1QTakenBySink", "invoice.paid", NOW.minus(Duration.ofMinutes(50)), false);
        JsonObject ignoredType =
                run.add("evt_1QIgnoredType", "customer.created", NOW.minus(Duration.ofMinutes(45)), false);
        JsonObject missed = run.add("evt_1QNeverForwarded", "invoice.paid", NOW.minus(Duration.ofMinutes(20)), false);
        Instant forwardedBefore = NOW.minus(Duration.ofMinutes(30));

        int exit = run.backfill(
                Map.of("ENABLED_EVENTS", "invoice.*"),
                "--since",
                NOW.minus(Duration.ofHours(1)).toString(),
                "--forwarded-before",
                forwardedBefore.toString());

        assertThat(exit).isZero();
        assertThat(run.row(taken.get("id").getAsString())).satisfies(row -> {
            assertThat(row.status()).isEqualTo("delivered");
            assertThat(row.source()).isEqualTo("reconcile");
            assertThat(row.nextAttemptDue()).as("not due for forwarding").isFalse();
        });
        assertThat(run.row(ignoredType.get("id").getAsString()).status()).isEqualTo("ignored");
        assertThat(run.row(missed.get("id").getAsString()).status()).isEqualTo("pending");
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("missing").getAsInt()).isEqualTo(3);
        assertThat(summary.get("recovered").getAsInt())
                .as("only the event to forward counts as a missed webhook")
                .isEqualTo(1);
        assertThat(summary.get("message").getAsString())
                .contains("stored 1 the sink had taken before " + forwardedBefore + " as delivered");
    }

    @Test
    void aDryRunSaysWhichEventsItWouldStoreAsDelivered() throws Exception {
        run.add("evt_1QTakenBySink", "invoice.paid", NOW.minus(Duration.ofMinutes(50)), false);

        int exit = run.backfill(
                Map.of(),
                "--dry-run",
                "--forwarded-before",
                NOW.minus(Duration.ofMinutes(30)).toString());

        assertThat(exit).isZero();
        assertThat(run.printed())
                .anySatisfy(line ->
                        assertThat(line).startsWith("would store as delivered evt_1QTakenBySink type=invoice.paid"));
        assertThat(run.count()).isZero();
    }

    @Test
    void aWindowThatEndsBeforeItBeginsOrASinkOfTheFutureIsAConfigurationError() throws Exception {
        run.events(1, "invoice.paid");

        assertThat(run.backfill(
                        Map.of(), "--since", NOW.minus(Duration.ofMinutes(2)).toString()))
                .isEqualTo(2);
        assertThat(run.terminationMessage().get("message").getAsString())
                .contains("--since must be earlier than 5 minutes ago");
        assertThat(run.backfill(
                        Map.of(),
                        "--forwarded-before",
                        NOW.plus(Duration.ofHours(1)).toString()))
                .isEqualTo(2);
        assertThat(run.terminationMessage().get("message").getAsString())
                .contains("--forwarded-before cannot be in the future");
        assertThat(run.stripe().calls()).isEmpty();
        assertThat(run.count()).isZero();
    }

    @Test
    void aRateLimitedRequestIsRetriedAndTheRunSucceeds() throws Exception {
        run.events(3, "invoice.paid");
        run.stripe().fail(429, 1);

        int exit = run.backfill(Map.of());

        assertThat(exit).isZero();
        assertThat(run.stripe().requests()).hasSize(2);
        assertThat(run.terminationMessage().get("recovered").getAsInt()).isEqualTo(3);
    }

    @Test
    void aPersistentServerErrorFailsTheRunAfterTheRetriesWithAClearMessage() throws Exception {
        run.events(3, "invoice.paid");
        run.stripe().fail(500, Integer.MAX_VALUE);

        int exit = run.backfill(Map.of("RECONCILE_MAX_NETWORK_RETRIES", "2"));

        assertThat(exit).isEqualTo(1);
        assertThat(run.stripe().requests()).as("first attempt and two retries").hasSize(3);
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Failed");
        assertThat(summary.get("message").getAsString())
                .startsWith("the Stripe API stayed unavailable (HTTP 500) after 2 retries (request req_test");
        assertThat(run.count()).isZero();
    }

    @Test
    void anUnreachableApiFailsTheRunNamingTheAddress() throws Exception {
        String closed;
        try (StripeEventsApi gone = StripeEventsApi.start(API_KEY)) {
            closed = gone.baseUrl();
        }

        int exit = run.backfill(Map.of("STRIPE_API_BASE", closed, "RECONCILE_MAX_NETWORK_RETRIES", "1"));

        assertThat(exit).isEqualTo(1);
        assertThat(run.terminationMessage().get("message").getAsString())
                .startsWith("cannot reach the Stripe API at " + closed + " after 1 retry");
    }

    @Test
    void aRejectedKeyIsNamedAsSuchWithoutShowingTheKey() throws Exception {
        run.events(2, "invoice.paid");
        String wrongKey = "sk_test_51WrongKeyThatStripeDoesNotKnow";

        int exit = run.backfill(Map.of("STRIPE_API_KEY", wrongKey));

        assertThat(exit).isEqualTo(2);
        String message = run.terminationMessage().get("message").getAsString();
        assertThat(message).startsWith("Stripe rejected the API key (401)");
        assertThat(message).contains(new ApiKey(wrongKey).fingerprint());
        assertThat(message).doesNotContain(wrongKey).doesNotContain("sk_test");
        assertThat(run.stripe().requests()).as("a 401 is not retried").hasSize(1);
    }

    @Test
    void aKeyWithoutEventsPermissionIsNamedAsSuch() throws Exception {
        run.stripe().fail(403, 1);

        int exit = run.backfill(Map.of());

        assertThat(exit).isEqualTo(2);
        assertThat(run.terminationMessage().get("message").getAsString())
                .startsWith("Stripe refused the API key (403 permission denied)");
    }

    @Test
    void aMissingKeyIsAConfigurationErrorAndStillLeavesASummary() throws Exception {
        Map<String, String> env = run.environment(Map.of());
        env.remove("STRIPE_API_KEY");

        int exit = run.backfillWith(env);

        assertThat(exit).isEqualTo(2);
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Failed");
        assertThat(summary.get("message").getAsString())
                .isEqualTo("no Stripe API key: set STRIPE_API_KEY_FILE (a mounted Secret) or STRIPE_API_KEY");
        assertThat(run.stripe().requests()).isEmpty();
    }

    @Test
    void theKeyIsReadFromTheMountedSecretFileWithoutItsTrailingNewline() throws Exception {
        run.events(1, "invoice.paid");
        Path keyFile = Files.writeString(tmp.resolve("key"), API_KEY + "\n");
        Map<String, String> env = run.environment(Map.of("STRIPE_API_KEY_FILE", keyFile.toString()));
        env.remove("STRIPE_API_KEY");

        int exit = run.backfillWith(env);

        assertThat(exit).isZero();
        assertThat(run.terminationMessage().get("recovered").getAsInt()).isEqualTo(1);
    }

    @Test
    void theWindowIsTheLookbackUpToFiveMinutesAgo() throws Exception {
        Instant boundary = NOW.minus(Duration.ofHours(26));
        run.add("evt_1AtTheBoundary", "invoice.paid", boundary, false);
        run.add("evt_1JustBeforeTheBoundary", "invoice.paid", boundary.minusSeconds(1), false);
        run.add("evt_1SixMinutesOld", "invoice.paid", NOW.minus(Duration.ofMinutes(6)), false);
        run.add("evt_1OneMinuteOld", "invoice.paid", NOW.minus(Duration.ofMinutes(1)), false);

        int exit = run.backfill(Map.of());

        assertThat(exit).isZero();
        assertThat(run.stripe().requests().get(0))
                .containsEntry("created[gte]", String.valueOf(boundary.getEpochSecond()))
                .containsEntry(
                        "created[lte]",
                        String.valueOf(NOW.minus(Duration.ofMinutes(5)).getEpochSecond()));
        assertThat(run.ids()).containsExactlyInAnyOrder("evt_1AtTheBoundary", "evt_1SixMinutesOld");
        assertThat(run.terminationMessage().get("listed").getAsInt()).isEqualTo(2);
    }

    @Test
    void aShorterLookbackNarrowsTheWindow() throws Exception {
        run.add("evt_1TwoHoursOld", "invoice.paid", NOW.minus(Duration.ofHours(2)), false);
        run.add("evt_1ThirtyMinutesOld", "invoice.paid", NOW.minus(Duration.ofMinutes(30)), false);

        run.backfill(Map.of("RECONCILE_LOOKBACK", "1h"));

        assertThat(run.stripe().requests().get(0))
                .containsEntry(
                        "created[gte]",
                        String.valueOf(NOW.minus(Duration.ofHours(1)).getEpochSecond()));
        assertThat(run.ids()).containsExactly("evt_1ThirtyMinutesOld");
    }

    @Test
    void typesNotEnabledAreStoredAsIgnored() throws Exception {
        run.add("evt_1InvoicePaid", "invoice.paid", NOW.minus(Duration.ofHours(1)), false);
        run.add("evt_1CustomerCreated", "customer.created", NOW.minus(Duration.ofHours(1)), false);

        int exit = run.backfill(Map.of("ENABLED_EVENTS", "invoice.*"));

        assertThat(exit).isZero();
        assertThat(run.row("evt_1InvoicePaid").status()).isEqualTo("pending");
        BackfillHarness.StoredRow ignored = run.row("evt_1CustomerCreated");
        assertThat(ignored.status()).isEqualTo("ignored");
        assertThat(ignored.source()).isEqualTo("reconcile");
        assertThat(ignored.nextAttemptDue()).as("never picked up for delivery").isFalse();
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("missing").getAsInt()).isEqualTo(2);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(1);
        assertThat(summary.get("ignored").getAsInt()).isEqualTo(1);
    }

    @Test
    void eventsOfTheOtherModeAreSkippedAndCounted() throws Exception {
        run.add("evt_1Live", "invoice.paid", NOW.minus(Duration.ofHours(1)), true);
        run.add("evt_1Test", "invoice.paid", NOW.minus(Duration.ofHours(1)), false);

        int exit = run.backfill(Map.of("LIVEMODE", "true"));

        assertThat(exit).isZero();
        assertThat(run.ids()).containsExactly("evt_1Live");
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(2);
        assertThat(summary.get("wrongMode").getAsInt()).isEqualTo(1);
        assertThat(summary.get("missing").getAsInt()).isEqualTo(1);
    }

    @Test
    void theTerminationMessageHasTheAgreedShape() throws Exception {
        run.events(2, "invoice.paid");

        run.backfill(Map.of());

        JsonObject summary = run.terminationMessage();
        assertThat(summary.keySet())
                .containsExactly(
                        "time",
                        "listed",
                        "alreadyPresent",
                        "missing",
                        "recovered",
                        "ignored",
                        "wrongMode",
                        "unsubscribed",
                        "versionMismatches",
                        "accounts",
                        "outcome",
                        "message");
        assertThat(summary.get("time").getAsString()).isEqualTo(NOW.toString());
        assertThat(Instant.parse(summary.get("time").getAsString())).isEqualTo(NOW);
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Succeeded");
    }

    @Test
    void moreThanAHandfulOfRecoveredEventsRaisesAWarningAboutSilentWebhookFailures() throws Exception {
        run.events(BackfillCommand.SILENT_FAILURE_THRESHOLD + 1, "invoice.paid");
        List<LogRecord> records =
                LogCapture.records(Logger.getLogger(BackfillCommand.class.getName()), () -> run.backfill(Map.of()));

        assertThat(records).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(LogfmtReader.parse(r.getMessage()).values())
                    .containsEntry("endpoint", "payments/billing")
                    .containsEntry("outcome", "failing_silently")
                    .containsEntry("recovered", "6")
                    .hasEntrySatisfying(
                            "message", message -> assertThat(message).contains("webhooks may be failing silently"));
        });
        assertThat(records)
                .anySatisfy(r -> assertThat(LogfmtReader.parse(r.getMessage()).values())
                        .containsEntry("endpoint", "payments/billing")
                        .containsEntry("outcome", "succeeded")
                        .containsEntry("listed", "6")
                        .containsEntry("missing", "6")
                        .containsEntry("recovered", "6")
                        .containsKey("duration_ms"));
        assertThat(run.terminationMessage().get("message").getAsString()).endsWith("webhooks may be failing silently");
    }

    @Test
    void aHandfulOfRecoveredEventsIsNoAlarm() throws Exception {
        run.events(BackfillCommand.SILENT_FAILURE_THRESHOLD, "invoice.paid");

        run.backfill(Map.of());

        assertThat(run.terminationMessage().get("message").getAsString()).doesNotContain("failing silently");
    }

    @Test
    void anEventJsonbWouldRefuseIsRecoveredLikeAnyOther() throws Exception {
        List<JsonObject> events = run.events(3, "invoice.paid");
        // jsonb does not take an escaped NUL character, which JSON allows: the event is stored without its jsonb copy.
        events.get(1).getAsJsonObject("data").getAsJsonObject("object").addProperty("description", "line\u0000break");

        int exit = run.backfill(Map.of());

        assertThat(exit).isZero();
        assertThat(run.ids()).hasSize(3);
        assertThat(run.terminationMessage().get("recovered").getAsInt()).isEqualTo(3);
    }

    @Test
    void anEventTheDatabaseRefusesFailsTheRunButTheOthersAreStored() throws Exception {
        List<JsonObject> events = run.events(3, "invoice.paid");
        JsonObject poisoned = events.get(1);
        // Too long for the primary key's index: refused whatever the batch, with SQL state 54000.
        poisoned.addProperty("id", "evt_" + new java.math.BigInteger(40_000, new java.util.Random(3)).toString(36));

        int exit = run.backfill(Map.of());

        assertThat(exit).isEqualTo(1);
        assertThat(run.ids())
                .containsExactlyInAnyOrder(
                        events.get(0).get("id").getAsString(),
                        events.get(2).get("id").getAsString());
        JsonObject summary = run.terminationMessage();
        assertThat(summary.get("outcome").getAsString()).isEqualTo("Failed");
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(2);
        assertThat(summary.get("missing").getAsInt()).isEqualTo(3);
        assertThat(summary.get("message").getAsString())
                .startsWith("the database refused 1 missing events, the others were stored: evt_");
    }

    @Test
    void anUnreachableDatabaseFailsTheRunBeforeAskingStripe() throws Exception {
        run.events(1, "invoice.paid");

        int exit = run.backfill(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/postgres"));

        assertThat(exit).isEqualTo(1);
        assertThat(run.terminationMessage().get("message").getAsString()).startsWith("cannot open the database");
        assertThat(run.stripe().requests()).isEmpty();
    }
}
