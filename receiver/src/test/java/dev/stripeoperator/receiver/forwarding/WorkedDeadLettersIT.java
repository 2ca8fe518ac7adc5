package dev.stripeoperator.receiver.forwarding;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.stripeoperator.contract.ReceiverCommand;
import dev.stripeoperator.receiver.deadletters.ActionCommand;
import dev.stripeoperator.receiver.forwarding.TestSink.SinkAnswer;
import dev.stripeoperator.receiver.store.Database;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the forwarding worker does with dead letters a person worked: replayed ones go out again, discarded never. */
class WorkedDeadLettersIT {

    @RegisterExtension
    static final EventsDatabase db = new EventsDatabase();

    @Test
    void aReplayedDeadEventIsForwardedAgain() throws Exception {
        AtomicBoolean fixed = new AtomicBoolean();
        db.storePending("evt_dead");
        try (TestSink sink = TestSink.start(request -> fixed.get() ? SinkAnswer.status(200) : SinkAnswer.status(422));
                BackgroundWork forwarding = BackgroundWork.start(
                        db.receiverConfig(Map.of()),
                        ForwardingIT.fast(sink.uri(), 12),
                        db.database().dataSource(),
                        Metrics.globalRegistry())) {
            await().until(() -> db.existing("evt_dead").status().equals("dead"));
            fixed.set(true);

            String out = run(ReceiverCommand.REPLAY, "--id", "evt_dead");

            assertThat(out).contains("replayed evt_dead (was dead, 1 attempts)");
            await().until(() -> db.existing("evt_dead").status().equals("delivered"));
            assertThat(sink.received("evt_dead")).hasSize(2);
            EventsDatabase.Row row = db.existing("evt_dead");
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.lastError()).isNull();
        }
    }

    @Test
    void aDiscardedEventIsNeverForwarded() throws Exception {
        db.storePending("evt_unwanted");
        db.storePending("evt_wanted");

        String out = run(ReceiverCommand.DISCARD, "--id", "evt_unwanted", "--reason", "sent by mistake");

        assertThat(out).contains("discarded evt_unwanted (was pending, 0 attempts)");
        try (TestSink sink = TestSink.start(request -> SinkAnswer.status(200));
                BackgroundWork forwarding = BackgroundWork.start(
                        db.receiverConfig(Map.of()),
                        ForwardingIT.fast(sink.uri(), 12),
                        db.database().dataSource(),
                        Metrics.globalRegistry())) {
            await().until(() -> db.existing("evt_wanted").status().equals("delivered"));
            // The worker polls every 50 ms here: a claimable row would have gone out with the other.
            Thread.sleep(Duration.ofMillis(500));

            assertThat(sink.received("evt_unwanted")).isEmpty();
            assertThat(db.existing("evt_unwanted").status()).isEqualTo("discarded");
        }
    }

    private static String run(ReceiverCommand command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new ActionCommand(
                        command,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        System.err,
                        Database::open,
                        Database::openReadOnly,
                        Clock.systemUTC(),
                        "tester")
                .run(List.of(args), db.receiverConfig(Map.of()));
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
