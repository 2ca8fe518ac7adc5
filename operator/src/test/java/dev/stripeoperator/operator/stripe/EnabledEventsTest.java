package dev.stripeoperator.operator.stripe;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnabledEventsTest {

    @Test
    void unsetEmptyOrStarIsEveryType() {
        assertThat(EnabledEvents.of(null)).containsExactly("*");
        assertThat(EnabledEvents.of(List.of())).containsExactly("*");
        assertThat(EnabledEvents.of(List.of("invoice.paid", "*"))).containsExactly("*");
    }

    @Test
    void aWildcardBecomesEveryKnownTypeUnderItsPrefixAndExactTypesStay() {
        List<String> types = EnabledEvents.of(List.of("checkout.session.*", "charge.refunded"));

        assertThat(types)
                .contains("checkout.session.completed", "checkout.session.expired", "charge.refunded")
                .allMatch(type -> type.startsWith("checkout.session.") || type.equals("charge.refunded"))
                .isSorted()
                .doesNotHaveDuplicates();
    }

    @Test
    void typesStripeDoesNotKnowAreNamed() {
        assertThatThrownBy(() -> EnabledEvents.of(List.of("invoice.paid", "nosuch.event", "nothing.*")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nosuch.event, nothing.*");
    }

    @Test
    void theSameTypesInAnotherOrderAreTheSame() {
        assertThat(EnabledEvents.same(List.of("b.x", "a.x"), List.of("a.x", "b.x")))
                .isTrue();
        assertThat(EnabledEvents.same(List.of("a.x"), List.of("a.x", "b.x"))).isFalse();
        assertThat(EnabledEvents.same(null, List.of("a.x"))).isFalse();
    }
}
