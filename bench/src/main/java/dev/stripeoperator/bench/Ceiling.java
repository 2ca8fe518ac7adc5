package dev.stripeoperator.bench;

import java.util.List;

/**
 * The machine's ceiling for this workload, from its two parts measured alone: the receiver's HTTP stack with
 * signature verification (requests/s) and the store (rows/s). A receiver must do both for every event on the same
 * cores, so per event it needs at least the time of one request plus the time of one row: the combined ceiling is
 * {@code 1 / (1/http + 1/store)}.
 *
 * @param http  requests/s of HTTP, body read and verification alone, over the rounds
 * @param store rows/s of the production insert alone, over the rounds
 */
record Ceiling(Spread http, Spread store) {

    static Ceiling of(List<CeilingResult> results) {
        return new Ceiling(
                Spread.of(perSecond(results, CeilingResult.HTTP)), Spread.of(perSecond(results, CeilingResult.STORE)));
    }

    /** The combined ceiling of the two parts' medians. */
    double combined() {
        return combined(http.median(), store.median());
    }

    static double combined(double http, double store) {
        return 1 / (1 / http + 1 / store);
    }

    /** What share of the combined ceiling a receiver's rate reaches. */
    double share(double perSecond) {
        return perSecond / combined();
    }

    private static List<Double> perSecond(List<CeilingResult> results, String part) {
        return results.stream()
                .filter(r -> r.part().equals(part))
                .map(CeilingResult::perSecond)
                .toList();
    }
}
