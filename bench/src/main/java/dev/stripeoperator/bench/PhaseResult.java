package dev.stripeoperator.bench;

import java.util.List;
import java.util.Map;

/**
 * What one load phase measured against one receiver.
 *
 * @param phase             {@code warm-up}, {@code closed loop} or {@code open loop}
 * @param sent              requests sent (each a distinct event)
 * @param accepted          requests answered 200
 * @param seconds           from the first send to the last answer
 * @param offeredPerSecond  the fixed rate of an open-loop phase; 0 for closed loops
 * @param acceptedPerSecond accepted / seconds
 * @param latency           acknowledgement latency of the accepted requests; for open loops measured
 *                          from the moment the request was due, so a stalled generator cannot hide a slow receiver
 * @param maxSendLagMs      how late the generator sent the most delayed request of an open loop
 * @param errors            non-200 answers and failed requests by kind
 * @param errorSamples      one example body or message per kind
 * @param cpu               cores kept busy during the phase
 */
record PhaseResult(
        String phase,
        int sent,
        int accepted,
        double seconds,
        double offeredPerSecond,
        double acceptedPerSecond,
        Latencies latency,
        double maxSendLagMs,
        Map<String, Long> errors,
        Map<String, String> errorSamples,
        CpuUsage cpu) {

    static PhaseResult of(
            String phase,
            double offeredPerSecond,
            long elapsedNanos,
            long[] latencies,
            int[] status,
            double maxSendLagMs,
            Outcomes outcomes,
            CpuUsage cpu) {
        int accepted = 0;
        for (int s : status) {
            if (s == 200) {
                accepted++;
            }
        }
        double seconds = elapsedNanos / 1e9;
        return new PhaseResult(
                phase,
                status.length,
                accepted,
                seconds,
                offeredPerSecond,
                accepted / seconds,
                Latencies.of(latencies, status),
                maxSendLagMs,
                outcomes.counts(),
                outcomes.samples(),
                cpu);
    }

    /** The ids of the events of {@code phaseKey} that were answered 200. */
    static void collectAcked(StripeEvents events, char phaseKey, int[] status, List<String> into) {
        for (int i = 0; i < status.length; i++) {
            if (status[i] == 200) {
                into.add(events.id(phaseKey, i));
            }
        }
    }
}
