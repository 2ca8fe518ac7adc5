package dev.stripeoperator.operator.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import dev.stripeoperator.operator.endpoint.EndpointCondition;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpointStatus;
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
                NOW,
                StripeRecord.NONE);

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

        assertThat(StripeEndpointRegistrar.failure(endpoint(null), limited, NOW, StripeRecord.NONE)
                        .recheckAfter())
                .isEqualTo(StripeEndpointRegistrar.MIN_BACKOFF);
        assertThat(StripeEndpointRegistrar.failure(
                                endpoint(since("RateLimited", NOW.minusSeconds(40))), limited, NOW, StripeRecord.NONE)
                        .recheckAfter())
                .isEqualTo(Duration.ofSeconds(40));
        assertThat(StripeEndpointRegistrar.failure(
                                endpoint(since("RateLimited", NOW.minus(Duration.ofHours(3)))),
                                limited,
                                NOW,
                                StripeRecord.NONE)
                        .recheckAfter())
                .isEqualTo(StripeEndpointRegistrar.MAX_BACKOFF);
        // Another failure before starts the count anew.
        assertThat(StripeEndpointRegistrar.failure(
                                endpoint(since("Forbidden", NOW.minusSeconds(40))), limited, NOW, StripeRecord.NONE)
                        .recheckAfter())
                .isEqualTo(StripeEndpointRegistrar.MIN_BACKOFF);
    }

    @Test
    void stripesRefusalOfAnotherEndpointBeyondTheAccountsLimitIsItsOwnReasonTriedAgainInMinutes() {
        StripeException full = withMessage(
                new InvalidRequestException("x", null, "req_3", null, 400, null),
                "You have reached the maximum of 16 test webhook endpoints.");
        StripeException otherwise = withMessage(
                new InvalidRequestException("x", "url", "req_4", null, 400, null), "Invalid URL: must be https");

        StripeRegistration limit = StripeEndpointRegistrar.failure(endpoint(null), full, NOW, StripeRecord.NONE);
        StripeRegistration invalid = StripeEndpointRegistrar.failure(endpoint(null), otherwise, NOW, StripeRecord.NONE);

        assertThat(limit.reason()).isEqualTo(ConditionReason.STRIPE_ENDPOINT_LIMIT);
        assertThat(limit.message()).contains("holds its 16 webhook endpoints");
        assertThat(limit.recheckAfter()).isEqualTo(StripeEndpointRegistrar.LIMIT_MIN_BACKOFF);
        assertThat(StripeEndpointRegistrar.failure(
                                endpoint(since("StripeEndpointLimit", NOW.minus(Duration.ofHours(2)))),
                                full,
                                NOW,
                                StripeRecord.NONE)
                        .recheckAfter())
                .isEqualTo(StripeEndpointRegistrar.LIMIT_MAX_BACKOFF);
        assertThat(invalid.reason()).isEqualTo(ConditionReason.STRIPE_INVALID_REQUEST);
        assertThat(invalid.recheckAfter()).isEqualTo(StripeEndpointRegistrar.MIN_BACKOFF);
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
