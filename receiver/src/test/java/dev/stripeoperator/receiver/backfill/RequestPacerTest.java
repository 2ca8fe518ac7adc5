package dev.stripeoperator.receiver.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPacerTest {

    private long now = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();
    private final RequestPacer pacer = new RequestPacer(Duration.ofMillis(200), () -> now, nanos -> {
        sleeps.add(nanos);
        now += nanos;
    });

    @Test
    void theFirstRequestGoesAtOnce() throws InterruptedException {
        pacer.await();

        assertThat(sleeps).isEmpty();
    }

    @Test
    void backToBackRequestsAreSpacedByTheInterval() throws InterruptedException {
        pacer.await();
        pacer.await();
        pacer.await();

        assertThat(sleeps).containsExactly(200_000_000L, 200_000_000L);
    }

    @Test
    void timeAlreadySpentBetweenRequestsCounts() throws InterruptedException {
        pacer.await();
        now += 150_000_000L;
        pacer.await();
        now += 500_000_000L;
        pacer.await();

        assertThat(sleeps).containsExactly(50_000_000L);
    }
}
