package dev.stripeoperator.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import io.netty.handler.codec.http.FullHttpRequest;

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

    /**
     * Sends {@code rate} events per second of {@code phaseKey} for {@code settle} and then {@code duration}; the
     * latencies are those of the requests due after {@code settle} (the switch from the closed loop, with JIT
     * and batching adapting on a nearly busy machine, is a transient that lasts about a second). Adds every
     * acknowledged id to {@code acked}.
     */
    PhaseResult run(String phase, char phaseKey, double rate, Duration settle, Duration duration, List<String> acked)
            throws InterruptedException {
        int settling = (int) Math.round(rate * settle.toNanos() / 1e9);
        int count = settling + (int) Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        FullHttpRequest[] requests = client.signedAll(events, phaseKey, count);
        int[] status = new int[count];
        long[] latencies = new long[count];
        Outcomes outcomes = new Outcomes();
        CountDownLatch answered = new CountDownLatch(count);
        long maxLag = 0;
        long start = System.nanoTime();
        long measuredFrom = start + (long) (settling * 1e9 / rate);
        CpuUsage.Sample before = null;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (i == settling) {
                before = CpuUsage.Sample.take(target.receiverPid(), target.postgresPid());
            }
            if (i >= settling) {
                maxLag = Math.max(maxLag, System.nanoTime() - due);
            }
            int index = i;
            client.deliver(requests[i], outcomes).thenAccept(answer -> {
                latencies[index] = System.nanoTime() - due;
                status[index] = answer;
                answered.countDown();
            });
        }
        answered.await();
        long elapsed = System.nanoTime() - measuredFrom;
        CpuUsage cpu = before.until(CpuUsage.Sample.take(target.receiverPid(), target.postgresPid()));
        PhaseResult.collectAcked(events, phaseKey, status, acked);
        return PhaseResult.of(
                phase,
                rate,
                elapsed,
                Arrays.copyOfRange(latencies, settling, count),
                Arrays.copyOfRange(status, settling, count),
                maxLag / 1e6,
                outcomes,
                cpu);
    }
}
