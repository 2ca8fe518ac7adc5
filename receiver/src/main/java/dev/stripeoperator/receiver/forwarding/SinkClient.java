package dev.stripeoperator.receiver.forwarding;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs one stored event to the sink and classifies the answer (see docs/forwarding.md, sink contract).
 */
final class SinkClient implements AutoCloseable {

    /** Sent only with an event rendered at another API version than the Stripe endpoint's: that version. */
    static final String API_VERSION_HEADER = "Stripe-Event-Api-Version";

    private final URI sinkUrl;
    private final Duration timeout;
    private final Clock clock;
    private final ForwardingOptions options;
    private final HttpClient http;

    /**
     * @param options the signer (empty: unsigned), the bearer token (empty: no such header) and the fetcher of full
     *                events (empty: thin events are sent as received)
     */
    SinkClient(URI sinkUrl, Duration timeout, Clock clock, ForwardingOptions options) {
        this.sinkUrl = sinkUrl;
        this.timeout = timeout;
        this.clock = clock;
        this.options = options;
        // Its own client and connection pool: nothing here is shared with the webhook path.
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Sends the event and waits at most the sink timeout for the whole exchange, body included.
     *
     * @throws InterruptedException when the worker is stopping; the attempt's outcome is unknown
     */
    SinkResult send(ClaimedEvent event) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sinkUrl)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Stripe-Event-Id", event.id())
                .header("Stripe-Event-Type", event.type())
                .header("Stripe-Event-Created", Long.toString(event.created().getEpochSecond()))
                .header("Idempotency-Key", event.id());
        event.mismatchedApiVersion().ifPresent(version -> request.header(API_VERSION_HEADER, version));
        try {
            byte[] body = event.thin() && options.fullEvents().isPresent()
                    ? options.fullEvents().get().fetch(event.id(), event.context())
                    : event.body();
            request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (options.signer().isPresent()) {
                options.signer().get().headers(event.id(), body).forEach(request::header);
            }
            if (options.token().isPresent()) {
                request.header("Authorization", options.token().get().header());
            }
        } catch (ForwardingSigner.InvalidKeyException | IOException | FullEventFetcher.FetchFailedException e) {
            // Never sent without the signature or token the sink expects: retried until the Secret is fixed.
            return new SinkResult.Retry("cannot prepare the request: " + e.getMessage(), Optional.empty());
        }
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        try {
            return classify(exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return noAnswer();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                return noAnswer();
            }
            String kind = cause instanceof IOException ? "cannot reach the sink" : "sending to the sink failed";
            return new SinkResult.Retry(
                    kind + ": " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                    Optional.empty());
        }
    }

    private SinkResult noAnswer() {
        return new SinkResult.Retry("no answer from the sink within " + timeout.toMillis() + " ms", Optional.empty());
    }

    private SinkResult classify(HttpResponse<Void> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new SinkResult.Delivered(status);
        }
        String reason = "sink answered HTTP " + status;
        if (status >= 500 || status == 408 || status == 429) {
            return new SinkResult.Retry(
                    reason, RetryAfter.parse(response.headers().firstValue("Retry-After"), clock.instant()));
        }
        return new SinkResult.Rejected(reason);
    }

    @Override
    public void close() {
        http.close();
        options.close();
    }
}
