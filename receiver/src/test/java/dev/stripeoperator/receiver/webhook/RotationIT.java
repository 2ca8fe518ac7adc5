package dev.stripeoperator.receiver.webhook;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.stripeoperator.receiver.testing.RunningReceiver;
import dev.stripeoperator.receiver.testing.SecretVolume;
import dev.stripeoperator.receiver.testing.StripeSigner;
import dev.stripeoperator.receiver.testing.TestDatabase;
import dev.stripeoperator.receiver.testing.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rotation through a Kubernetes-style Secret volume while the receiver keeps running. */
class RotationIT {

    private static final String OLD = "whsec_rotation_old";
    private static final String NEW = "whsec_rotation_new";
    /** The receiver promises a rotation within 5 s of the files changing. */
    private static final Duration TAKES_EFFECT = Duration.ofSeconds(5);

    private TestDatabase db;
    private SecretVolume volume;
    private RunningReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        db = TestDatabase.start();
        volume = new SecretVolume(Files.createTempDirectory("rotation-it-secrets"));
        volume.publish(Map.of("current", OLD));
        receiver = RunningReceiver.start(
                db, Map.of("SIGNING_SECRETS_DIR", volume.root().toString()));
    }

    @AfterEach
    void stop() {
        receiver.close();
        db.close();
    }

    @Test
    void swappedSecretTakesEffectWithoutRestartAndTheOldOneLastsUntilItsExpiry() {
        assertThat(deliverSignedWith(NEW)).isEqualTo(400);

        volume.publish(Map.of(
                "current",
                NEW,
                "previous",
                OLD,
                "previous-expires-at",
                Instant.now().plusSeconds(3600).toString()));

        await().atMost(TAKES_EFFECT).pollInterval(Duration.ofMillis(200)).until(() -> deliverSignedWith(NEW) == 200);
        assertThat(deliverSignedWith(OLD)).isEqualTo(200);

        volume.publish(Map.of(
                "current",
                NEW,
                "previous",
                OLD,
                "previous-expires-at",
                Instant.now().minusSeconds(1).toString()));

        await().atMost(TAKES_EFFECT).pollInterval(Duration.ofMillis(200)).until(() -> deliverSignedWith(OLD) == 400);
        assertThat(deliverSignedWith(NEW)).isEqualTo(200);
    }

    @Test
    void removingThePreviousFileEndsTheGracePeriod() {
        volume.publish(Map.of("current", NEW, "previous", OLD));
        await().atMost(TAKES_EFFECT).until(() -> deliverSignedWith(NEW) == 200);
        assertThat(deliverSignedWith(OLD)).isEqualTo(200);

        volume.publish(Map.of("current", NEW));

        await().atMost(TAKES_EFFECT).until(() -> deliverSignedWith(OLD) == 400);
    }

    @Test
    void unparsableExpiryRefusesThePreviousSecretButKeepsServing() {
        volume.publish(Map.of("current", NEW, "previous", OLD, "previous-expires-at", "next tuesday"));

        await().atMost(TAKES_EFFECT).until(() -> deliverSignedWith(NEW) == 200);
        assertThat(deliverSignedWith(OLD)).isEqualTo(400);
    }

    @Test
    void volumeLosingItsCurrentFileKeepsTheLastGoodSecrets() throws IOException {
        Files.delete(volume.root().resolve("current"));

        await().during(Duration.ofSeconds(2)).atMost(TAKES_EFFECT).until(() -> deliverSignedWith(OLD) == 200);
    }

    private int deliverSignedWith(String secret) {
        String payload = TestEvents.event(TestEvents.newId(), "invoice.paid");
        return receiver.deliver(payload, StripeSigner.sign(payload, secret)).statusCode();
    }
}
