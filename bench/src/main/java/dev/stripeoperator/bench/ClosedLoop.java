package dev.stripeoperator.bench;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends distinct events with a fixed number in flight: each worker sends its next event as soon as the
 * previous one was answered. The rate it reaches is the receiver's peak at that concurrency.
 */
final class ClosedLoop {

    private final WebhookClient client;
    private final StripeEvents events;
    private final Target target;

    ClosedLoop(WebhookClient client, StripeEvents events, Target target) {
        this.client = client;
        this.events = events;
        this.target = target;
    }

    /** Sends events 0..count-1 of {@code phaseKey} with {@code concurrency} in flight; adds acked ids to {@code acked}. */
    PhaseResult run(String phase, char phaseKey, int count, int concurrency, List<String> acked) {
        int[] status = new int[count];
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        Outcomes outcomes = new Outcomes();
        CpuUsage.Sample before = CpuUsage.Sample.take(target);
        long start = System.nanoTime();
        // Platform threads: a blocking socket read is one system call, where a virtual thread would park and
        // be woken through the JDK's poller thread, which costs the shared cores more per request.
        try (ExecutorService workers = Executors.newFixedThreadPool(concurrency)) {
            for (int w = 0; w < concurrency; w++) {
                workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        HttpPost request = client.signed(events.body(phaseKey, i, System.currentTimeMillis() / 1000));
                        long sent = System.nanoTime();
                        status[i] = client.deliver(request, outcomes);
                        latencies[i] = System.nanoTime() - sent;
                    }
                });
            }
        }
        long elapsed = System.nanoTime() - start;
        CpuUsage cpu = before.until(CpuUsage.Sample.take(target));
        PhaseResult.collectAcked(events, phaseKey, status, acked);
        return PhaseResult.of(phase, 0, elapsed, latencies, status, 0, outcomes, cpu);
    }
}
