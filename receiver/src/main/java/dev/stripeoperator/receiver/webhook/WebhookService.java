package dev.stripeoperator.receiver.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import dev.stripeoperator.receiver.EventFilter;
import dev.stripeoperator.receiver.observe.DeliveryLog;
import dev.stripeoperator.receiver.observe.DeliveryOutcome;
import dev.stripeoperator.receiver.observe.ReceiverMetrics;
import dev.stripeoperator.receiver.store.EventStore;
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

/**
 * Takes Stripe's POSTs on the webhook path: size and media-type limits, signature verification on the raw
 * bytes, event envelope (snapshot or thin), livemode and type filters, then group-committed insert of the exact bytes; 200 only after
 * the commit.
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
    private final EventStore store;
    private final ReceiverMetrics metrics;
    private final DeliveryLog log;
    private final BodyReader bodies;
    private final BooleanSupplier draining;

    /**
     * @param path the webhook path, e.g. {@code /webhooks/stripe}
     * @param endpoint the dedupe namespace stored with every row
     * @param store where a verified event is committed before the 200; answers 503 when it cannot
     * @param draining true while the receiver shuts down: new deliveries get 503 and the connection is closed
     */
    public WebhookService(
            String path,
            String endpoint,
            long maxBodyBytes,
            SignatureVerifier verifier,
            EventFilter filter,
            EventStore store,
            ReceiverMetrics metrics,
            DeliveryLog log,
            BodyReader bodies,
            BooleanSupplier draining) {
        this.path = path;
        this.endpoint = endpoint;
        this.maxBodyBytes = maxBodyBytes;
        this.verifier = verifier;
        this.filter = filter;
        this.store = store;
        this.metrics = metrics;
        this.log = log;
        this.bodies = bodies;
        this.draining = draining;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(path, this::post).any(path, (req, res) -> {
            res.header(HeaderNames.ALLOW, "POST");
            reject(res, Rejection.METHOD_NOT_ALLOWED, null, System.nanoTime());
        });
    }

    private void post(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        if (draining.getAsBoolean()) {
            res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            closeAfter(res, Rejection.SHUTTING_DOWN, start);
            return;
        }
        if (!isJson(req)) {
            reject(res, Rejection.UNSUPPORTED_MEDIA_TYPE, null, start);
            return;
        }
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
            // Refused before reading a byte of it.
            closeAfter(res, Rejection.BODY_TOO_LARGE, start);
            return;
        }
        Optional<String> signature = req.headers().first(STRIPE_SIGNATURE);
        BodyReader.Body body;
        try {
            body = bodies.read(req, declared, maxBodyBytes + 1);
        } catch (BodyReader.TimedOut e) {
            // The connection is closed already, so the answer fails to go out (which ends the connection in Helidon);
            // the refusal is recorded all the same.
            closeAfter(res, e.rejection(), start);
            return;
        }
        if (body == null) {
            res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            closeAfter(res, Rejection.TOO_MANY_LARGE_BODIES, start);
            return;
        }
        try (body) {
            handle(res, body.bytes(), signature, start);
        }
    }

    private void handle(ServerResponse res, byte[] body, Optional<String> signature, long start) {
        if (body.length > maxBodyBytes) {
            closeAfter(res, Rejection.BODY_TOO_LARGE, start);
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
        if (event.created().isEmpty()) {
            reject(res, Rejection.CREATED_OUT_OF_RANGE, event, start);
            return;
        }
        EventFilter.Decision decision = filter.decide(event.type(), event.livemode());
        NewEvent.Status status =
                decision == EventFilter.Decision.ACCEPT ? NewEvent.Status.PENDING : NewEvent.Status.IGNORED;
        boolean stored;
        try {
            stored = store.store(new NewEvent(
                    endpoint,
                    event.id(),
                    event.type(),
                    event.livemode(),
                    event.apiVersion().orElse(null),
                    event.created().get(),
                    payload,
                    body,
                    NewEvent.Source.WEBHOOK,
                    status,
                    false,
                    event.thin()));
        } catch (StoreUnavailableException e) {
            res.header(HeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
            reject(res, Rejection.DATABASE_UNAVAILABLE, event, start);
            return;
        }
        DeliveryOutcome outcome = !stored
                ? DeliveryOutcome.DUPLICATE
                : status == NewEvent.Status.IGNORED ? DeliveryOutcome.IGNORED : DeliveryOutcome.ACCEPTED;
        res.header(HeaderValues.CONTENT_TYPE_JSON).send(stored ? STORED : DUPLICATE);
        // Stripe sends test-mode events to live Connect endpoints by design: stored as ignored, counted apart.
        String reason = stored && decision == EventFilter.Decision.WRONG_MODE ? ReceiverMetrics.OTHER_MODE : null;
        metrics.eventType(event.kind(), event.type(), outcome);
        record(event.id(), event.type(), outcome, reason, 200, start);
    }

    /** Closing the connection spares the server draining (or waiting for) the rest of a body it will never use. */
    private void closeAfter(ServerResponse res, Rejection rejection, long start) {
        res.header(HeaderValues.CONNECTION_CLOSE);
        reject(res, rejection, null, start);
    }

    private void reject(ServerResponse res, Rejection rejection, StripeEvent event, long start) {
        try {
            res.status(Status.create(rejection.status()))
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .send(("{\"error\":\"" + rejection.reason() + "\"}").getBytes(StandardCharsets.UTF_8));
        } finally {
            // Also when the answer cannot go out: a refusal is counted and logged whether or not the client hears it.
            DeliveryOutcome outcome =
                    rejection.status() == 503 ? DeliveryOutcome.UNAVAILABLE : DeliveryOutcome.REJECTED;
            record(
                    event == null ? null : event.id(),
                    event == null ? null : event.type(),
                    outcome,
                    rejection.code(),
                    rejection.status(),
                    start);
        }
    }

    private void record(String eventId, String type, DeliveryOutcome outcome, String reason, int status, long start) {
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
}
