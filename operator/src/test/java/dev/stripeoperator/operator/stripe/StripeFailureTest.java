package dev.stripeoperator.operator.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
import dev.stripeoperator.operator.status.ConditionReason;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed Stripe call becomes: the condition's reason, a message without keys, and when to try again. */
class StripeFailureTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void anApiKeyInStripesMessageIsMaskedAndTheReasonNamesTheAnswer() {
        StripeRegistration failure = StripeEndpointRegistrar.failure(
                endpoint(null),
                withMessage(
                        new AuthenticationException("x", "req_1", null, 401),
                        "Invalid API Key provided: rk_test_51Abc****wxyz"),
                NOW);

        assertThat(failure.reason()).isEqualTo(ConditionReason.STRIPE_UNAUTHORIZED);
        assertThat(failure.message())
                .isEqualTo("Stripe API: HTTP 401: Invalid API Key provided: <API key>")
                .doesNotContain("rk_test");
        assertThat(failure.registered()).isFalse();
        assertThat(failure.endpointId()).isNull();
    }

    @Test
    void aLastingFailureIsTriedAgainAfterAsLongAsItHasLastedWithinBounds() {
        StripeException limited =
                withMessage(new RateLimitException("x", "req_2", "rate_limit", null, 429, null), "slow down");

        assertThat(StripeEndpointRegistrar.failure(endpoint(null), limited, NOW).recheckAfter())
                .isEqualTo(StripeEndpointRegistrar.MIN_BACKOFF);
        assertThat(StripeEndpointRegistrar.failure(endpoint(since("RateLimited", NOW.minusSeconds(40))), limited, NOW)
                        .recheckAfter())
                .isEqualTo(Duration.ofSeconds(40));
        assertThat(StripeEndpointRegistrar.failure(
                                endpoint(since("RateLimited", NOW.minus(Duration.ofHours(3)))), limited, NOW)
                        .recheckAfter())
                .isEqualTo(StripeEndpointRegistrar.MAX_BACKOFF);
        // Another failure before starts the count anew.
        assertThat(StripeEndpointRegistrar.failure(endpoint(since("Forbidden", NOW.minusSeconds(40))), limited, NOW)
                        .recheckAfter())
                .isEqualTo(StripeEndpointRegistrar.MIN_BACKOFF);
    }

    private static <E extends StripeException> E withMessage(E e, String message) {
        StripeError error = new StripeError();
        error.setMessage(message);
        e.setStripeError(error);
        return e;
    }

    private static StripeWebhookEndpointStatus since(String reason, Instant since) {
        return new StripeWebhookEndpointStatus(
                1L,
                null,
                List.of(new EndpointCondition("StripeRegistered", "False", reason, "m", since.toString(), 1L)),
                null,
                null,
                null);
    }

    private static StripeWebhookEndpoint endpoint(StripeWebhookEndpointStatus status) {
        StripeWebhookEndpoint endpoint = new StripeWebhookEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder()
                .withNamespace("payments")
                .withName("billing")
                .build());
        endpoint.setStatus(status);
        return endpoint;
    }
}
