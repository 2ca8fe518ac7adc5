package dev.stripeoperator.receiver.webhook;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import dev.stripeoperator.receiver.testing.RawConnection;
import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REQUEST_READ_TIMEOUT: a connection whose request has not arrived whole within it is closed, wherever the request
 * stalls and whether or not anything reads its body; a request in time is served; a kept-alive connection has as long
 * after each answer to bring its next request, and is closed when it stays idle longer.
 */
class RequestDeadlineIT {

    private static final String SECRET = "whsec_request_deadline_it";
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    /** The sweep's lateness (at most a tenth of the deadline here) and a busy machine's. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private TestDatabase db;
    private RunningReceiver receiver;

    @BeforeEach
    void start() {
        db = TestDatabase.start();
        receiver = RunningReceiver.start(
                db,
                Map.of(
                        "STRIPE_WEBHOOK_SECRET",
                        SECRET,
                        "REQUEST_READ_TIMEOUT",
                        DEADLINE.toSeconds() + "s",
                        // Far longer, so that only the request's deadline can end these connections in time.
                        "BODY_READ_TIMEOUT",
                        "60s"));
    }

    @AfterEach
    void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void headersThatNeverEndAreClosedAtTheDeadline() throws IOException {
        try (RawConnection client = RawConnection.open(receiver.port())) {
            client.send("POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Ty");

            assertClosedAtTheDeadline(client, client.connectedAt());
        }
    }

    @Test
    void aStalledBodyOnTheWebhookPathIsClosedAtTheDeadlineAndCounted() throws IOException {
        try (RawConnection client = RawConnection.open(receiver.port())) {
            client.send(RawConnection.head(
                            "POST",
                            RunningReceiver.PATH,
                            "Content-Type: application/json",
                            "Stripe-Signature: t=1,v1=00",
                            "Content-Length: 10000"))
                    .sendFiller(9_999);

            assertClosedAtTheDeadline(client, client.connectedAt());
        }

        assertThat(receiver.get("/observe/metrics").body())
                .containsPattern("stripe_webhook_request_read_timeouts_total(\\{[^}]*})? 1(\\.0)?\\n")
                .containsPattern(
                        "stripe_webhook_deliveries_total\\{[^}]*outcome=\"rejected\"[^}]*reason=\"request_read_timeout\"[^}]*} 1");
    }

    @Test
    void aRefusedRequestWhoseBodyNobodyReadsIsClosedAtTheDeadline() throws IOException {
        try (RawConnection client = RawConnection.open(receiver.port())) {
            client.send(RawConnection.head(
                            "POST", RunningReceiver.PATH, "Content-Type: text/plain", "Content-Length: 100000"))
                    .sendFiller(99_999);

            assertThat(client.readStatus(MARGIN)).as("refused at once").isEqualTo(415);
            assertClosedAtTheDeadline(client, client.connectedAt());
        }
    }

    @Test
    void aSlowRequestThatArrivesInTimeIsServed() throws Exception {
        String id = TestEvents.newId();
        String delivery = RawConnection.delivery(TestEvents.event(id, "invoice.paid"), SECRET);
        int headEnd = delivery.indexOf("\r\n\r\n") + 4;
        try (RawConnection client = RawConnection.open(receiver.port())) {
            client.send(delivery.substring(0, headEnd));
            Thread.sleep(DEADLINE.toMillis() / 2);
            client.send(delivery.substring(headEnd));

            assertThat(client.readStatus(MARGIN)).isEqualTo(200);
        }
        assertThat(db.count(id)).isEqualTo(1);
    }

    @Test
    void aKeptAliveConnectionIdleLongerThanTheDeadlineIsClosedAndNotCountedAsALateRequest() throws Exception {
        try (RawConnection client = RawConnection.open(receiver.port())) {
            client.send(RawConnection.delivery(TestEvents.event(TestEvents.newId(), "invoice.paid"), SECRET));
            assertThat(client.readStatus(MARGIN)).isEqualTo(200);
            long answered = System.nanoTime();

            assertClosedAtTheDeadline(client, answered);
        }

        assertThat(receiver.get("/observe/metrics").body())
                .containsPattern("stripe_webhook_request_read_timeouts_total(\\{[^}]*})? 0(\\.0)?\\n");
    }

    @Test
    void eachLaterRequestOnAKeptAliveConnectionHasItsOwnDeadline() throws Exception {
        try (RawConnection client = RawConnection.open(receiver.port())) {
            client.send(RawConnection.delivery(TestEvents.event(TestEvents.newId(), "invoice.paid"), SECRET));
            assertThat(client.readStatus(MARGIN)).isEqualTo(200);

            Thread.sleep(DEADLINE.toMillis() / 2);
            client.send(RawConnection.delivery(TestEvents.event(TestEvents.newId(), "invoice.paid"), SECRET));
            assertThat(client.readStatus(MARGIN))
                    .as("a request started within the deadline after the last answer")
                    .isEqualTo(200);

            Thread.sleep(DEADLINE.toMillis() / 2);
            long stalledRequestStarted = System.nanoTime();
            client.send(RawConnection.head(
                            "POST",
                            RunningReceiver.PATH,
                            "Content-Type: application/json",
                            "Stripe-Signature: t=1,v1=00",
                            "Content-Length: 10000"))
                    .sendFiller(9_999);

            assertClosedAtTheDeadline(client, stalledRequestStarted);
        }
    }

    private static void assertClosedAtTheDeadline(RawConnection client, long since) throws IOException {
        Duration closedAfter = client.awaitClosed(since, DEADLINE.plus(MARGIN).multipliedBy(2));
        assertThat(closedAfter)
                .as("closed by the server")
                .isNotNull()
                .isGreaterThanOrEqualTo(DEADLINE.minusMillis(50))
                .isLessThan(DEADLINE.plus(MARGIN));
    }
}
