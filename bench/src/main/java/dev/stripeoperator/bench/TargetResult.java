package dev.stripeoperator.bench;

/**
 * Everything measured against one receiver in one run, written as JSON for the report.
 *
 * @param name         the receiver's label
 * @param round        which round of the run, from 1
 * @param startedAt    when the run began (UTC, ISO-8601)
 * @param loadBefore   the machine's load averages before the run
 * @param loadAfter    the machine's load averages after the run
 * @param events       measured closed-loop events
 * @param concurrency  requests in flight in the closed loop
 * @param settleSeconds how long the open loop ran before its latencies counted
 */
record TargetResult(
        String name,
        int round,
        String startedAt,
        String loadBefore,
        String loadAfter,
        int events,
        int concurrency,
        long settleSeconds,
        PhaseResult warmup,
        PhaseResult closedLoop,
        PhaseResult openLoop,
        StoreCheck check) {}
