package dev.stripeoperator.receiver.backfill;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.HttpClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;

/**
 * The transport under stripe-java for a backfill run: paces every attempt, lets the SDK's retry loop back off
 * on rate limiting, and hands each successful body to {@link RawPages}.
 */
final class PacedHttpClient extends HttpClient {

    private static final String SHOULD_RETRY = "Stripe-Should-Retry";

    private final HttpClient delegate;
    private final RequestPacer pacer;
    private final RawPages pages;

    PacedHttpClient(HttpClient delegate, RequestPacer pacer, RawPages pages) {
        this.delegate = delegate;
        this.pacer = pacer;
        this.pages = pages;
    }

    @Override
    public StripeResponse request(StripeRequest request) throws StripeException {
        try {
            pacer.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiConnectionException("interrupted while waiting to send a request to Stripe", e);
        }
        StripeResponse response = delegate.request(request);
        if (response.code() == 429
                && response.headers().firstValue(SHOULD_RETRY).isEmpty()) {
            // stripe-java retries only the 429s Stripe marks retryable (lock timeouts). Stripe's rate-limit
            // guidance is to retry plain 429s with exponential backoff, which is what the SDK loop does once marked;
            // an explicit "Stripe-Should-Retry: false" is still honoured.
            return new StripeResponse(
                    response.code(), response.headers().withAdditionalHeader(SHOULD_RETRY, "true"), response.body());
        }
        if (response.code() >= 200 && response.code() < 300) {
            pages.record(response.body());
        }
        return response;
    }
}
