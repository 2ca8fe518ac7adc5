package dev.stripeoperator.receiver.backfill;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reconcile} for an endpoint that receives thin events: the v2 events list ({@code /v2/core/events}) against
 * the API stand-in, stored as thin events with the same counts, pacing and skips as the v1 list.
 */
class ThinBackfillIT {

    @RegisterExtension
    static final BackfillHarness HARNESS = new BackfillHarness();

    private static final String METER_ERROR = "v1.billing.meter.error_report_triggered";

    private List<JsonObject> v2Events(int n) {
        List<JsonObject> made = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            made.add(HARNESS.addV2(
                    String.format("evt_65R%08d", i),
                    METER_ERROR,
                    BackfillHarness.NOW.minus(Duration.ofHours(2)).plusSeconds(i)));
        }
        return made;
    }

    @Test
    void missingThinEventsAreRecoveredAsThinEventsFromTheV2ListAcrossPages() throws Exception {
        List<JsonObject> events = v2Events(150);
        HARNESS.add("evt_1Qsnapshot", "invoice.paid");

        int exit = HARNESS.backfill(Map.of("RECONCILE_EVENT_PAYLOAD", "thin"));

        assertThat(exit).isZero();
        assertThat(HARNESS.count()).isEqualTo(150);
        assertThat(HARNESS.column("SELECT DISTINCT kind || '/' || source || '/' || status FROM stripe_events"))
                .containsExactly("thin/reconcile/pending");
        JsonObject first = events.getFirst();
        String id = first.get("id").getAsString();
        assertThat(HARNESS.column("SELECT related_object_id || ' ' || related_object_type || ' ' || related_object_url"
                        + " FROM stripe_events WHERE id = '" + id + "'"))
                .containsExactly("mtr_65R00000000 billing.meter /v1/billing/meters/mtr_65R00000000");
        assertThat(HARNESS.row(id).payloadEqualsRaw(first))
                .as("stored as Stripe sent it")
                .isTrue();
        JsonObject summary = HARNESS.terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(150);
        assertThat(summary.get("recovered").getAsInt()).isEqualTo(150);
        assertThat(HARNESS.stripe().calls())
                .extracting(StripeEventsApi.Request::path)
                .as("two pages of the v2 list, no v1 list for a thin-only endpoint")
                .containsExactly("/v2/core/events", "/v2/core/events");
    }

    @Test
    void thinEventsAlreadyDeliveredAreLeftAloneAndASecondRunChangesNothing() throws Exception {
        v2Events(3);
        HARNESS.backfill(Map.of("RECONCILE_EVENT_PAYLOAD", "thin"));
        List<String> before = HARNESS.snapshot();

        int exit = HARNESS.backfill(Map.of("RECONCILE_EVENT_PAYLOAD", "thin"));

        assertThat(exit).isZero();
        assertThat(HARNESS.snapshot()).isEqualTo(before);
        JsonObject summary = HARNESS.terminationMessage();
        assertThat(summary.get("listed").getAsInt()).isEqualTo(3);
        assertThat(summary.get("recovered").getAsInt()).isZero();
    }

    @Test
    void bothListsAreReadForAnEndpointThatReceivesBothKinds() throws Exception {
        v2Events(2);
        HARNESS.add("evt_1Qsnapshot", "invoice.paid");

        assertThat(HARNESS.backfill(Map.of("RECONCILE_EVENT_PAYLOAD", "both"))).isZero();

        assertThat(HARNESS.column("SELECT kind FROM stripe_events ORDER BY kind, id"))
                .containsExactly("snapshot", "thin", "thin");
    }

    @Test
    void theFiltersApplyToThinEventsToo() throws SQLException {
        v2Events(2);
        HARNESS.addV2("evt_65Rother", "v2.core.account.updated", BackfillHarness.NOW.minus(Duration.ofHours(1)));

        assertThat(HARNESS.backfill(Map.of(
                        "RECONCILE_EVENT_PAYLOAD",
                        "thin",
                        "ENABLED_EVENTS",
                        "v1.billing.meter.*",
                        "LIVEMODE",
                        "false")))
                .isZero();

        assertThat(HARNESS.row("evt_65Rother").status()).isEqualTo("ignored");
        assertThat(HARNESS.row("evt_65R00000000").status()).isEqualTo("pending");
    }

    @Test
    void aRejectedKeyOnTheV2ListIsAMisconfiguration() throws Exception {
        v2Events(1);

        int exit = HARNESS.backfill(Map.of("RECONCILE_EVENT_PAYLOAD", "thin", "STRIPE_API_KEY", "sk_test_wrong"));

        assertThat(exit).isEqualTo(2);
        assertThat(HARNESS.count()).isZero();
        assertThat(HARNESS.terminationMessage().get("outcome").getAsString()).isEqualTo("Failed");
        assertThat(JsonParser.parseString(HARNESS.terminationMessage().toString())
                        .toString())
                .doesNotContain("sk_test_wrong");
    }
}
