package dev.stripeoperator.bench;

import java.net.URI;

/**
 * One receiver under test: where it listens, where it stores, and which processes to account CPU to.
 *
 * @param name        label in the report, e.g. {@code ours} or {@code reference}
 * @param url         the webhook URL
 * @param jdbcUrl     the database the receiver writes to, for the check after the run
 * @param endpoint    the value of the {@code endpoint} column the receiver writes
 * @param receiverPid the receiver's process
 * @param postgresPid the PostgreSQL postmaster (its backends are its children)
 */
record Target(String name, URI url, String jdbcUrl, String endpoint, long receiverPid, long postgresPid) {

    /** From the options {@code name, url, jdbc-url, endpoint, receiver-pid, postgres-pid}. */
    static Target from(Options options) {
        return new Target(
                options.required("name"),
                URI.create(options.required("url")),
                options.required("jdbc-url"),
                options.required("endpoint"),
                Long.parseLong(options.required("receiver-pid")),
                Long.parseLong(options.required("postgres-pid")));
    }
}
