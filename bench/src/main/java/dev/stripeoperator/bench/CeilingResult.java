package dev.stripeoperator.bench;

import java.util.Map;

/**
 * One part of the machine's ceiling measured in one round, written as JSON for the report.
 *
 * @param part      {@value #HTTP} (requests/s through our HTTP stack and verification, nothing stored) or
 *                  {@value #STORE} (rows/s through our insert statement, no HTTP)
 * @param count     requests answered 200, or rows stored
 * @param seconds   how long the measured part took
 * @param perSecond count / seconds
 * @param errors    failed requests or refused rows by kind; any makes the figure suspect
 * @param cpu       cores kept busy meanwhile (the receiver column is the ceiling server, zero for the store part)
 */
record CeilingResult(
        int round, String part, long count, double seconds, double perSecond, Map<String, Long> errors, CpuUsage cpu) {

    static final String HTTP = "http";
    static final String STORE = "store";
}
