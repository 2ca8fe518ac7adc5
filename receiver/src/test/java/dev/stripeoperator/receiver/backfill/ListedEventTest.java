package dev.stripeoperator.receiver.backfill;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListedEventTest {

    @Test
    void aListedEventPrintsItsIdentityButNotItsJson() {
        ListedEvent event = new ListedEvent(
                "evt_1",
                "customer.created",
                true,
                null,
                Instant.EPOCH,
                "{\"email\":\"jane@example.com\"}",
                Optional.of("acct_1Connected"));

        assertThat(event.toString()).contains("evt_1", "customer.created").doesNotContain("jane@example.com");
    }
}
