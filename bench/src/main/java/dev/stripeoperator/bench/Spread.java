package dev.stripeoperator.bench;

import java.util.List;
import java.util.Locale;

/**
 * One figure over the rounds: the median is what is compared (one disturbed round moves it little, unlike the
 * best or the mean), the range shows how much the rounds disagreed.
 */
record Spread(double median, double min, double max) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[sorted.length - 1]);
    }

    /** E.g. {@code 12,345 (11,900–12,800)} for {@code %,.0f}; the median alone when all rounds agree. */
    String format(String number) {
        String median = String.format(Locale.ROOT, number, this.median);
        if (min == max) {
            return median;
        }
        return median + " (" + String.format(Locale.ROOT, number, min) + "–" + String.format(Locale.ROOT, number, max)
                + ")";
    }
}
