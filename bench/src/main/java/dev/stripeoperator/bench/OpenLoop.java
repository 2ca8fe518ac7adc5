package dev.stripeoperator.bench;

import io.netty.handler.codec.http.FullHttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends distinct events at a fixed rate whatever the answers, as Stripe does: latency is measured from the
 * moment each request was due, so queueing in the receiver shows up instead of slowing the load down.
 */
final class OpenLoop {

    private final WebhookClient client;
    private final StripeEvents events;
    private final Target target;

    OpenLoop(WebhookClient client, StripeEvents events, Target target) {
        this.client = client;
        this.events = events;
        this.target = target;
    }

    /** Sends {@code rate} events per second of {@code phaseKey} for {@code duration}; adds acked ids to {@code acked}. */
    PhaseResult run(String phase, char phaseKey, double rate, Duration duration, List<String> acked) throws InterruptedException {
        int count = (int) Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        FullHttpRequest[] requests = client.signedAll(events, phaseKey, count);
        int[] status = new int[count];
        long[] latencies = new long[count];
        Outcomes outcomes = new Outcomes();
        CountDownLatch answered = new CountDownLatch(count);
        long maxLag = 0;
        CpuUsage.Sample before = CpuUsage.Sample.take(target);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            int index = i;
            client.deliver(requests[i], outcomes).thenAccept(answer -> {
                latencies[index] = System.nanoTime() - due;
                status[index] = answer;
                answered.countDown();
            });
        }
        answered.await();
        long elapsed = System.nanoTime() - start;
        CpuUsage cpu = before.until(CpuUsage.Sample.take(target));
        PhaseResult.collectAcked(events, phaseKey, status, acked);
        return PhaseResult.of(phase, rate, elapsed, latencies, status, maxLag / 1e6, outcomes, cpu);
    }
}
