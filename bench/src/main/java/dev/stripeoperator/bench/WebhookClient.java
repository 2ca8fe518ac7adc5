package dev.stripeoperator.bench;

import com.stripe.net.Webhook;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Delivers signed events to one webhook URL the way Stripe does: POST, JSON body, {@code Stripe-Signature}.
 *
 * <p>Apache HttpClient's asynchronous client: one I/O thread per core drives every connection and runs the
 * callbacks, so the generator needs no thread per request in flight and no hand-off per answer. On the
 * shared cores it costs a fraction of what java.net.http (several thread hand-offs per request) does.
 */
final class WebhookClient implements AutoCloseable {

    private static final ContentType JSON = ContentType.create("application/json", StandardCharsets.UTF_8);

    private final CloseableHttpAsyncClient http;
    private final URI url;
    private final String secret;

    WebhookClient(URI url, Duration timeout, String secret) {
        Timeout limit = Timeout.of(timeout);
        this.http = HttpAsyncClients.custom()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(Runtime.getRuntime().availableProcessors()).build())
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(4096).setMaxConnPerRoute(4096)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        http.start();
        this.url = url;
        this.secret = secret;
    }

    /** Signs the payload now, with the current time as Stripe's timestamp. */
    SimpleHttpRequest signed(String payload) {
        long timestamp = Webhook.Util.getTimeNow();
        String signature;
        try {
            signature = Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        return SimpleRequestBuilder.post(url)
                .setHeader("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
                .setHeader("Stripe-Signature", "t=" + timestamp + ",v1=" + signature)
                .setBody(payload.getBytes(StandardCharsets.UTF_8), JSON)
                .build();
    }

    /**
     * Builds and signs events 0..count-1 of a phase just before it starts: the timestamps are fresh (the phase
     * must end within Stripe's 300 s tolerance), and the generator spends none of the measured time on signing.
     */
    SimpleHttpRequest[] signedAll(StripeEvents events, char phaseKey, int count) {
        SimpleHttpRequest[] requests = new SimpleHttpRequest[count];
        for (int i = 0; i < count; i++) {
            requests[i] = signed(events.body(phaseKey, i, System.currentTimeMillis() / 1000));
        }
        return requests;
    }

    /** Sends without waiting; completes with the HTTP status, or 0 when no answer came (recorded in the outcomes). */
    CompletableFuture<Integer> deliver(SimpleHttpRequest request, Outcomes outcomes) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        http.execute(request, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                result.complete(outcomes.record(response.getCode(), response.getBodyText()));
            }

            @Override
            public void failed(Exception e) {
                result.complete(outcomes.record(e));
            }

            @Override
            public void cancelled() {
                result.complete(outcomes.record(new IllegalStateException("request cancelled")));
            }
        });
        return result;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
