package dev.stripeoperator.receiver;

import java.util.List;
import java.util.Optional;

import dev.stripeoperator.receiver.EventFilter.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventFilterTest {

    @Test
    void wildcardAcceptsEveryTypeInEitherModeWhenModeIsUnset() {
        EventFilter filter = new EventFilter(Optional.empty(), List.of("*"));

        assertThat(filter.decide("invoice.paid", true)).isEqualTo(Decision.ACCEPT);
        assertThat(filter.decide("charge.refunded", false)).isEqualTo(Decision.ACCEPT);
    }

    @Test
    void prefixWildcardMatchesOnlyThatFamily() {
        EventFilter filter = new EventFilter(Optional.empty(), List.of("checkout.session.completed", "invoice.*"));

        assertThat(filter.decide("invoice.payment_failed", false)).isEqualTo(Decision.ACCEPT);
        assertThat(filter.decide("checkout.session.completed", false)).isEqualTo(Decision.ACCEPT);
        assertThat(filter.decide("checkout.session.expired", false)).isEqualTo(Decision.IGNORE);
        assertThat(filter.decide("invoiceitem.created", false)).isEqualTo(Decision.IGNORE);
    }

    @Test
    void dotsAreLiteralNotRegex() {
        EventFilter filter = new EventFilter(Optional.empty(), List.of("invoice.paid"));

        assertThat(filter.decide("invoiceXpaid", false)).isEqualTo(Decision.IGNORE);
    }

    @Test
    void wrongModeIsRefusedBeforeTheTypeFilter() {
        EventFilter liveOnly = new EventFilter(Optional.of(true), List.of("invoice.*"));

        assertThat(liveOnly.decide("invoice.paid", false)).isEqualTo(Decision.WRONG_MODE);
        assertThat(liveOnly.decide("customer.created", false)).isEqualTo(Decision.WRONG_MODE);
        assertThat(liveOnly.decide("invoice.paid", true)).isEqualTo(Decision.ACCEPT);
    }
}
