package dev.stripeoperator.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import com.stripe.model.Event;
import com.stripe.net.Webhook;
import io.netty.handler.codec.http.FullHttpRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StripeEventsTest {

    private static final String SECRET = "whsec_bench_test";

    private final StripeEvents events = new StripeEvents("run1");

    @Test
    void everyEventIsAStripeEventThatStripeJavaVerifiesAndParses() throws Exception {
        try (WebhookClient client =
                new WebhookClient(URI.create("http://127.0.0.1:9/webhooks/stripe"), Duration.ofSeconds(1), SECRET)) {
            for (int i = 0; i < 6; i++) {
                String body = events.body('c', i, 1_760_000_000L);

                FullHttpRequest request = client.signed(body);
                String sent = request.content().toString(StandardCharsets.UTF_8);
                Event event = Webhook.constructEvent(sent, request.headers().get("Stripe-Signature"), SECRET);

                assertThat(sent).isEqualTo(body);
                assertThat(event.getId()).isEqualTo(events.id('c', i));
                assertThat(event.getType())
                        .isIn("payment_intent.succeeded", "checkout.session.completed", "invoice.paid");
                assertThat(event.getCreated()).isEqualTo(1_760_000_000L);
                assertThat(event.getLivemode()).isFalse();
                assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(1_200, 2_048);
            }
        }
    }

    @Test
    void idsAreDistinctAcrossIndexesAndPhasesAndRuns() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 1_000).forEach(i -> {
            ids.add(events.id('w', i));
            ids.add(events.id('c', i));
            ids.add(new StripeEvents("run2").id('c', i));
        });

        assertThat(ids).hasSize(3_000);
    }

    @Test
    void theSameIndexGivesTheSameEventSoBothReceiversGetTheSameLoad() {
        assertThat(new StripeEvents("run1").body('o', 42, 1L)).isEqualTo(events.body('o', 42, 1L));
    }
}
