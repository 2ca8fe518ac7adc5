package dev.stripeoperator.bench;

import com.stripe.net.Webhook;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * Delivers signed events to one webhook URL the way Stripe does: POST, JSON body, {@code Stripe-Signature}.
 */
final class WebhookClient implements AutoCloseable {

    private static final ContentType JSON = ContentType.create("application/json", StandardCharsets.UTF_8);

    private final CloseableHttpClient http;
    private final URI url;
    private final String secret;

    WebhookClient(URI url, Duration timeout, String secret) {
        Timeout limit = Timeout.of(timeout);
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(4096)
                .setMaxConnPerRoute(4096)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit).build())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .build();
        this.url = url;
        this.secret = secret;
    }

    /** Signs the payload now, with the current time as Stripe's timestamp. */
    HttpPost signed(String payload) {
        long timestamp = Webhook.Util.getTimeNow();
        String signature;
        try {
            signature = Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        HttpPost post = new HttpPost(url);
        post.setHeader("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        post.setHeader("Stripe-Signature", "t=" + timestamp + ",v1=" + signature);
        post.setEntity(new ByteArrayEntity(payload.getBytes(StandardCharsets.UTF_8), JSON));
        return post;
    }

    /** Sends and waits; the HTTP status, or 0 when no answer came (recorded in the outcomes). */
    int deliver(HttpPost request, Outcomes outcomes) {
        try {
            return http.execute(request, response -> outcomes.record(response.getCode(),
                    response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            return outcomes.record(e);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
