package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every series the chart's alerts and Grafana dashboard read exists: the receiver's as the packaged receiver exports
 * them after deliveries of every outcome (its real /observe/metrics), the operator's per-endpoint ones as its /metrics
 * serves them ({@link OperatorEndpointMetrics}), with the labels the queries match on and the values they name.
 */
class MonitoringMetricsIT {

    /** Labels that scraping adds to every receiver series (the PodMonitor's relabeling sets endpoint). */
    private static final Set<String> TARGET_LABELS =
            Set.of("namespace", "endpoint", "pod", "container", "job", "instance");

    /** Series Prometheus records itself for every target it scrapes, whatever the target exports. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up");

    private static final String SECRET = "whsec_monitoring_metrics_test";

    private static final Repository REPOSITORY = Repository.current();
    private static Exposition exported;

    @BeforeAll
    static void receiverAfterDeliveriesOfEveryOutcome() {
        try (TestDatabase database = TestDatabase.start();
                PackagedReceiver receiver = PackagedReceiver.start(
                        REPOSITORY,
                        Map.of(
                                "DATABASE_URL", database.jdbcUrl(),
                                "ENDPOINT_NAME", "payments/billing",
                                "STRIPE_WEBHOOK_SECRET", SECRET,
                                "ENABLED_EVENTS", "invoice.*",
                                // nothing listens there: every attempt fails and is retried
                                "SINK_URL", "http://127.0.0.1:9/events"))) {
            String invoice = TestEvents.event(TestEvents.newId(), "invoice.paid");
            assertThat(receiver.deliver(invoice, PackagedReceiver.signature(StripeSigner.sign(invoice, SECRET))))
                    .as("accepted")
                    .isEqualTo(200);
            assertThat(receiver.deliver(invoice, PackagedReceiver.signature(StripeSigner.sign(invoice, SECRET))))
                    .as("duplicate")
                    .isEqualTo(200);
            String customer = TestEvents.event(TestEvents.newId(), "customer.created");
            assertThat(receiver.deliver(customer, PackagedReceiver.signature(StripeSigner.sign(customer, SECRET))))
                    .as("ignored")
                    .isEqualTo(200);
            String other = TestEvents.event(TestEvents.newId(), "invoice.paid");
            assertThat(receiver.deliver(other, PackagedReceiver.signature(null)))
                    .as("missing signature")
                    .isEqualTo(400);
            assertThat(receiver.deliver(other, PackagedReceiver.signature("garbage")))
                    .as("malformed signature")
                    .isEqualTo(400);
            assertThat(receiver.deliver(
                            other, PackagedReceiver.signature(StripeSigner.sign(other, "whsec_someone_else"))))
                    .as("no matching signature")
                    .isEqualTo(400);
            assertThat(receiver.deliver(
                            other,
                            PackagedReceiver.signature(
                                    StripeSigner.sign(other, Instant.now().minusSeconds(3600), SECRET))))
                    .as("stale timestamp")
                    .isEqualTo(400);
            database.stop();
            assertThat(receiver.deliver(other, PackagedReceiver.signature(StripeSigner.sign(other, SECRET))))
                    .as("database unavailable")
                    .isEqualTo(503);
            exported = receiver.metrics().with(OperatorEndpointMetrics.scrape());
        }
    }

    @AfterAll
    static void forget() {
        exported = null;
    }

    @Test
    void theReceiverExportsWhatTheAlertsAreAbout() {
        assertThat(exported.series())
                .containsKeys(
                        "stripe_webhook_deliveries_total",
                        "stripe_webhook_ack_seconds_bucket",
                        "stripe_forwarding_attempts_total",
                        "stripe_forwarding_latency_seconds_bucket",
                        "stripe_forwarding_pending",
                        "stripe_forwarding_oldest_pending_age_seconds",
                        "stripe_forwarding_dead",
                        "stripe_forwarding_oldest_undelivered_age_seconds",
                        "stripe_webhook_stored_events");
        assertThat(exported.series().get("stripe_webhook_deliveries_total").get("outcome"))
                .contains("accepted", "duplicate", "ignored", "rejected", "unavailable");
    }

    @Test
    void everySeriesTheAlertsReadIsExported() {
        List<String> expressions = alertExpressions();

        assertThat(expressions).hasSizeGreaterThanOrEqualTo(14);
        assertThat(expressions.stream().flatMap(expr -> problems(expr, exported).stream()))
                .isEmpty();
    }

    @Test
    void everySeriesTheDashboardReadsIsExported() throws IOException {
        List<String> expressions = dashboardExpressions();

        assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);
        assertThat(expressions.stream().flatMap(expr -> problems(expr, exported).stream()))
                .isEmpty();
    }

    @Test
    void theOperatorExportsItsPerEndpointSeriesWithTheirLabels() {
        Map<String, Set<String>> ready = exported.series().get("stripe_webhook_endpoint_ready");

        assertThat(ready).isNotNull();
        assertThat(ready.get("namespace")).containsExactlyInAnyOrder("payments", "shop");
        assertThat(ready.get("endpoint")).containsExactlyInAnyOrder("billing", "orders");
        assertThat(exported.series())
                .containsKeys(
                        "stripe_webhook_endpoint_reconciliation_recovered",
                        "stripe_webhook_endpoint_reconciliation_failed",
                        "stripe_webhook_endpoint_reconciliation_timestamp_seconds",
                        "stripe_webhook_endpoint_previous_secret_expiry_timestamp_seconds");
        assertThat(exported.series().get("operator_sdk_reconciliations_failed_total"))
                .as("JOSDK's count of failed reconciles, after one failed")
                .containsKeys("kind", "exception");
    }

    @Test
    void theCheckFindsAMisspelledMetricAnUnknownLabelAndAValueNeverExported() {
        assertThat(problems("sum(rate(stripe_webhook_delivery_total[5m]))", exported))
                .singleElement()
                .asString()
                .contains("stripe_webhook_delivery_total");
        assertThat(problems("stripe_forwarding_pending{queue=\"main\"}", exported))
                .singleElement()
                .asString()
                .contains("queue");
        assertThat(problems("stripe_webhook_deliveries_total{outcome=~\"accepted|refused\"}", exported))
                .singleElement()
                .asString()
                .contains("refused");
        assertThat(problems(
                        "stripe_webhook_endpoint_ready{namespace=\"payments\", endpoint=\"billing\"} == 0", exported))
                .isEmpty();
    }

    /** What is wrong with the series {@code expression} reads, one line each; empty when every one is exported. */
    static List<String> problems(String expression, Exposition exposition) {
        List<String> problems = new ArrayList<>();
        for (PromQl.Selector selector : new PromQl(expression).selectors()) {
            if (SCRAPE_SERIES.contains(selector.metric())) {
                continue;
            }
            Map<String, Set<String>> labels =
                    selector.metric() == null ? null : exposition.series().get(selector.metric());
            if (labels == null) {
                problems.add(selector.metric() + " is not exported (in " + expression + ")");
                continue;
            }
            for (PromQl.LabelMatcher matcher : selector.matchers()) {
                if (TARGET_LABELS.contains(matcher.label()) && !labels.containsKey(matcher.label())) {
                    continue;
                }
                Set<String> values = labels.get(matcher.label());
                if (values == null) {
                    problems.add(selector.metric() + " has no label " + matcher.label() + " (in " + expression + ")");
                } else if (!values.isEmpty()) {
                    matcher.literals().stream()
                            .filter(value -> !values.contains(value))
                            .forEach(value -> problems.add(selector.metric() + "{" + matcher.label() + "} is never "
                                    + value + " (in " + expression + ")"));
                }
            }
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertExpressions() {
        GenericKubernetesResource rule = new Helm(REPOSITORY)
                .template(PrometheusRulesIT.EVERY_ALERT).all(GenericKubernetesResource.class).stream()
                        .filter(object -> object.getKind().equals("PrometheusRule"))
                        .findFirst()
                        .orElseThrow();
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        return groups.stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .map(r -> (String) r.get("expr"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> dashboardExpressions() throws IOException {
        Map<String, Object> dashboard = Serialization.unmarshal(
                Files.readString(REPOSITORY.chart().resolve("dashboards/stripe-webhooks.json")), Map.class);
        Stream<String> panels = ((List<Map<String, Object>>) dashboard.get("panels"))
                .stream()
                        .flatMap(panel ->
                                ((List<Map<String, Object>>) panel.getOrDefault("targets", List.of())).stream())
                        .map(target -> (String) target.get("expr"));
        // Grafana's label_values(<series>, <label>) reads <series>.
        Stream<String> variables = ((List<Map<String, Object>>)
                        ((Map<String, Object>) dashboard.get("templating")).get("list"))
                .stream()
                        .filter(variable -> "query".equals(variable.get("type")))
                        .map(variable -> (String) ((Map<String, Object>) variable.get("query")).get("query"))
                        .map(query -> query.replaceFirst("^label_values\\((.*),\\s*[A-Za-z_]+\\)$", "$1"));
        return Stream.concat(panels, variables).toList();
    }
}
