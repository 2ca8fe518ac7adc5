package dev.stripeoperator.helm;

import java.util.List;

import dev.stripeoperator.helm.PromQl.LabelMatcher;
import dev.stripeoperator.helm.PromQl.Selector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The selector reader that the metric name checks rely on finds every series an expression reads, and only those. */
class PromQlTest {

    @Test
    void findsMetricsInsideAggregationsFunctionsAndBinaryOperations() {
        List<Selector> selectors = new PromQl("""
                histogram_quantile(0.99, sum by (le, namespace) (rate(stripe_webhook_ack_seconds_bucket{namespace=~"$namespace"}[$__rate_interval])))
                / on (namespace) group_left (endpoint) max without (pod) (stripe_forwarding_pending offset 5m)
                and time() - stripe_webhook_endpoint_reconciliation_timestamp_seconds > 3600
                """).selectors();

        assertThat(selectors)
                .extracting(Selector::metric)
                .containsExactly(
                        "stripe_webhook_ack_seconds_bucket",
                        "stripe_forwarding_pending",
                        "stripe_webhook_endpoint_reconciliation_timestamp_seconds");
    }

    @Test
    void readsLabelMatchersAndTheLiteralValuesTheyName() {
        Selector selector = new PromQl("""
                sum(increase(stripe_webhook_deliveries_total{outcome="rejected", reason=~"a_b|c", pod!~".+-0", team="$team"}[1h:5m]))
                """).selectors().getFirst();

        assertThat(selector.metric()).isEqualTo("stripe_webhook_deliveries_total");
        assertThat(selector.matchers())
                .containsExactly(
                        new LabelMatcher("outcome", "=", "rejected"),
                        new LabelMatcher("reason", "=~", "a_b|c"),
                        new LabelMatcher("pod", "!~", ".+-0"),
                        new LabelMatcher("team", "=", "$team"));
        assertThat(selector.matchers()).flatExtracting(LabelMatcher::literals).containsExactly("rejected", "a_b", "c");
    }

    @Test
    void aBareSelectorHasNoMetricName() {
        assertThat(new PromQl("count({__name__=~\"stripe_.*\"})").selectors())
                .containsExactly(new Selector(null, List.of(new LabelMatcher("__name__", "=~", "stripe_.*"))));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> new PromQl("sum(rate(x[5m]) ? 2").selectors())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PromQl("sum(x{a=\"b\"").selectors()).isInstanceOf(IllegalArgumentException.class);
    }
}
