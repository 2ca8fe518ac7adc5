package dev.stripeoperator.bench;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Sends distinct events with a fixed number in flight: each answer sends the next event at once. The rate
 * it reaches is the receiver's peak at that concurrency.
 */
final class ClosedLoop {

    private final WebhookClient client;
    private final StripeEvents events;
    private final long receiverPid;
    private final long postgresPid;

    /** The pids are those whose CPU time is reported: the server loaded and PostgreSQL. */
    ClosedLoop(WebhookClient client, StripeEvents events, long receiverPid, long postgresPid) {
        this.client = client;
        this.events = events;
        this.receiverPid = receiverPid;
        this.postgresPid = postgresPid;
    }

    /** Sends events 0..count-1 of {@code phaseKey} with {@code concurrency} in flight; adds acked ids to {@code acked}. */
    PhaseResult run(String phase, char phaseKey, int count, int concurrency, List<String> acked)
            throws InterruptedException {
        Chains chains = new Chains(client.signedAll(events, phaseKey, count), concurrency);
        CpuUsage.Sample before = CpuUsage.Sample.take(receiverPid, postgresPid);
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            chains.sendNext();
        }
        chains.done.await();
        long elapsed = System.nanoTime() - start;
        CpuUsage cpu = before.until(CpuUsage.Sample.take(receiverPid, postgresPid));
        PhaseResult.collectAcked(events, phaseKey, chains.status, acked);
        return PhaseResult.of(phase, 0, elapsed, chains.latencies, chains.status, 0, chains.outcomes, cpu);
    }

    /** The requests of one phase: {@code concurrency} chains, each sending the next event when the last is answered. */
    private final class Chains {
        final FullHttpRequest[] requests;
        final int[] status;
        final long[] latencies;
        final AtomicInteger next = new AtomicInteger();
        final Outcomes outcomes = new Outcomes();
        final CountDownLatch done;

        Chains(FullHttpRequest[] requests, int concurrency) {
            this.requests = requests;
            this.status = new int[requests.length];
            this.latencies = new long[requests.length];
            this.done = new CountDownLatch(concurrency);
        }

        void sendNext() {
            int i = next.getAndIncrement();
            if (i >= status.length) {
                done.countDown();
                return;
            }
            long sent = System.nanoTime();
            client.deliver(requests[i], outcomes).thenAccept(answer -> {
                latencies[i] = System.nanoTime() - sent;
                status[i] = answer;
                sendNext();
            });
        }
    }
}
