package dev.stripeoperator.receiver.webhook;

import dev.stripeoperator.receiver.EventFilter;
import dev.stripeoperator.receiver.observe.DeliveryLog;
import dev.stripeoperator.receiver.observe.Outcome;
import dev.stripeoperator.receiver.observe.ReceiverMetrics;
import dev.stripeoperator.receiver.store.GroupCommit;
import dev.stripeoperator.receiver.store.NewEvent;
import dev.stripeoperator.receiver.store.StoreUnavailableException;
import dev.stripeoperator.receiver.verify.InvalidSignatureException;
import dev.stripeoperator.receiver.verify.SignatureVerifier;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Takes Stripe's POSTs on the webhook path: size and media-type limits, signature verification on the raw
 * bytes, event envelope, livemode and type filters, then group-committed insert; 200 only after the commit.
 */
public final class WebhookService implements HttpService {

    private static final HeaderName STRIPE_SIGNATURE = HeaderNames.create("Stripe-Signature");
    private static final byte[] STORED = "{\"received\":true,\"duplicate\":false}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DUPLICATE = "{\"received\":true,\"duplicate\":true}".getBytes(StandardCharsets.UTF_8);
    private static final String RETRY_AFTER_SECONDS = "5";

    private final String path;
    private final String endpoint;
    private final long maxBodyBytes;
    private final SignatureVerifier verifier;
    private final EventFilter filter;
    private final GroupCommit store;
    private final Duration ackTimeout;
    private final ReceiverMetrics metrics;
    private final DeliveryLog log;

    /**
     * @param path the webhook path, e.g. {@code /webhooks/stripe}
     * @param endpoint the dedupe namespace stored with every row
     * @param ackTimeout how long a delivery waits for its commit before answering 503
     */
    public WebhookService(String path, String endpoint, long maxBodyBytes, SignatureVerifier verifier,
                          EventFilter filter, GroupCommit store, Duration ackTimeout, ReceiverMetrics metrics,
                          DeliveryLog log) {
        this.path = path;
        this.endpoint = endpoint;
        this.maxBodyBytes = maxBodyBytes;
        this.verifier = verifier;
        this.filter = filter;
        this.store = store;
        this.ackTimeout = ackTimeout;
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(path, this::post)
                .any(path, (req, res) -> {
                    res.header(HeaderNames.ALLOW, "POST");
                    reject(res, Rejection.METHOD_NOT_ALLOWED, null, System.nanoTime());
                });
    }

    private void post(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        if (!isJson(req)) {
            reject(res, Rejection.UNSUPPORTED_MEDIA_TYPE, null, start);
            return;
        }
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
            // Refused before reading a byte of it.
            tooLarge(res, start);
            return;
        }
        Optional<String> signature = req.headers().first(STRIPE_SIGNATURE);
        byte[] body = readAtMost(req, declared, maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            tooLarge(res, start);
            return;
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        try {
            verifier.verify(payload, signature);
        } catch (InvalidSignatureException e) {
            reject(res, Rejection.of(e.failure()), null, start);
            return;
        }
        Optional<StripeEvent> parsed = StripeEvent.parse(payload);
        if (parsed.isEmpty()) {
            reject(res, Rejection.NOT_A_STRIPE_EVENT, null, start);
            return;
        }
        StripeEvent event = parsed.get();
        EventFilter.Decision decision = filter.decide(event.type(), event.livemode());
        if (decision == EventFilter.Decision.WRONG_MODE) {
            reject(res, Rejection.LIVEMODE_MISMATCH, event, start);
            return;
        }
        NewEvent.Status status = decision == EventFilter.Decision.IGNORE ? NewEvent.Status.IGNORED : NewEvent.Status.PENDING;
        boolean stored;
        try {
            stored = store.store(new NewEvent(endpoint, event.id(), event.type(), event.livemode(),
                    event.apiVersion().orElse(null), event.created(), payload, NewEvent.Source.WEBHOOK, status), ackTimeout);
        } catch (StoreUnavailableException e) {
            res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            reject(res, Rejection.DATABASE_UNAVAILABLE, event, start);
            return;
        }
        Outcome outcome = !stored ? Outcome.DUPLICATE : status == NewEvent.Status.IGNORED ? Outcome.IGNORED : Outcome.ACCEPTED;
        res.header(HeaderValues.CONTENT_TYPE_JSON).send(stored ? STORED : DUPLICATE);
        record(event.id(), event.type(), outcome, null, 200, start);
    }

    /** Closing the connection spares the server draining the rest of a body it will never use. */
    private void tooLarge(ServerResponse res, long start) {
        res.header(HeaderValues.CONNECTION_CLOSE);
        reject(res, Rejection.BODY_TOO_LARGE, null, start);
    }

    private void reject(ServerResponse res, Rejection rejection, StripeEvent event, long start) {
        res.status(Status.create(rejection.status()))
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .send(("{\"error\":\"" + rejection.reason() + "\"}").getBytes(StandardCharsets.UTF_8));
        Outcome outcome = rejection == Rejection.DATABASE_UNAVAILABLE ? Outcome.UNAVAILABLE : Outcome.REJECTED;
        record(event == null ? null : event.id(), event == null ? null : event.type(), outcome, rejection.code(),
                rejection.status(), start);
    }

    private void record(String eventId, String type, Outcome outcome, String reason, int status, long start) {
        long elapsed = System.nanoTime() - start;
        metrics.delivery(outcome, reason, elapsed);
        log.log(eventId, type, outcome, reason, status, elapsed);
    }

    private static boolean isJson(ServerRequest req) {
        try {
            Optional<HttpMediaType> type = req.headers().contentType();
            return type.isPresent()
                    && "application".equalsIgnoreCase(type.get().type())
                    && "json".equalsIgnoreCase(type.get().subtype());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads the body: exactly its declared length (already checked against the limit), or for a chunked body
     * at most {@code limit} bytes, so that an oversized body is never buffered whole.
     */
    private static byte[] readAtMost(ServerRequest req, OptionalLong declared, long limit) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        if (declared.isPresent()) {
            return req.content().as(byte[].class);
        }
        try {
            return req.content().inputStream().readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
