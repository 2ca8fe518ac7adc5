package dev.stripeoperator.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts answers other than 200 by kind, keeping one example body or message of each for the report.
 */
final class Outcomes {

    private static final int MAX_SAMPLE = 200;

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, String> samples = new ConcurrentHashMap<>();

    int record(int status, String body) {
        if (status != 200) {
            count("HTTP " + status, body == null ? "" : body);
        }
        return status;
    }

    int record(Throwable failure) {
        count(failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()));
        return 0;
    }

    /** Errors by kind, e.g. {@code HTTP 503} or {@code HttpTimeoutException}. */
    Map<String, Long> counts() {
        Map<String, Long> result = new TreeMap<>();
        counts.forEach((kind, count) -> result.put(kind, count.sum()));
        return result;
    }

    /** One example answer body or exception message per error kind. */
    Map<String, String> samples() {
        return new TreeMap<>(samples);
    }

    private void count(String kind, String sample) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
        samples.putIfAbsent(kind, sample.length() > MAX_SAMPLE ? sample.substring(0, MAX_SAMPLE) : sample);
    }
}
