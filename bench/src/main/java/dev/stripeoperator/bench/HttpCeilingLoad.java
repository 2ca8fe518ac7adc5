package dev.stripeoperator.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the {@link HttpCeilingServer} the way the receivers are loaded, with the same generator and settings:
 * warm-up, then the measured closed loop (no open loop: only the peak is part of the ceiling).
 */
final class HttpCeilingLoad {

    private static final String NAME = "http-only";

    private final BenchSettings settings;
    private final URI url;
    private final long serverPid;
    private final long postgresPid;

    HttpCeilingLoad(BenchSettings settings, URI url, long serverPid, long postgresPid) {
        this.settings = settings;
        this.url = url;
        this.serverPid = serverPid;
        this.postgresPid = postgresPid;
    }

    CeilingResult run(int round) throws InterruptedException {
        StripeEvents events = new StripeEvents(settings.runId());
        try (WebhookClient client = new WebhookClient(url, settings.timeout(), settings.secret())) {
            ClosedLoop loop = new ClosedLoop(client, events, serverPid, postgresPid);
            // Nothing is stored, so nothing is checked afterwards.
            List<String> acked = new ArrayList<>();
            BenchRun.report(NAME, loop.run("warm-up", 'w', settings.warmupEvents(), settings.concurrency(), acked));
            PhaseResult peak = BenchRun.report(
                    NAME, loop.run("closed loop", 'c', settings.events(), settings.concurrency(), acked));
            return new CeilingResult(
                    round,
                    CeilingResult.HTTP,
                    peak.accepted(),
                    peak.seconds(),
                    peak.acceptedPerSecond(),
                    peak.errors(),
                    peak.cpu());
        }
    }
}
