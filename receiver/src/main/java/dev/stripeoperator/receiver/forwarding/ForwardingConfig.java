package dev.stripeoperator.receiver.forwarding;

import dev.stripeoperator.receiver.ConfigException;
import dev.stripeoperator.receiver.ReceiverConfig;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the delivery worker and the retention sweep, read once at start (documented in docs/delivery.md).
 */
public record ForwardingConfig(
        int maxAttempts,
        Duration backoffBase,
        Duration backoffMax,
        Duration sinkTimeout,
        Duration lease,
        int concurrency,
        Duration pollInterval,
        int databaseConnections,
        Duration retention,
        Duration retentionSweepInterval) {

    public ForwardingConfig {
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw new ConfigException("DELIVERY_BACKOFF_MAX (" + backoffMax + ") must not be shorter than DELIVERY_BACKOFF_BASE ("
                    + backoffBase + ")");
        }
        // The lease must outlast one whole attempt (bounded by the sink timeout) plus writing its outcome,
        // otherwise another replica takes the row over while the first is still sending it.
        if (lease.compareTo(sinkTimeout.multipliedBy(2)) < 0) {
            throw new ConfigException("DELIVERY_LEASE (" + lease + ") must be at least twice DELIVERY_TIMEOUT (" + sinkTimeout + ")");
        }
    }

    /** Checks the settings against the receiver's: the delivery side must leave pool connections for acks. */
    public ForwardingConfig checkedAgainst(ReceiverConfig receiver) {
        if (databaseConnections >= receiver.databasePoolSize()) {
            throw new ConfigException("DELIVERY_DB_CONNECTIONS (" + databaseConnections + ") must be smaller than"
                    + " DATABASE_POOL_SIZE (" + receiver.databasePoolSize() + ") so that webhook acks always find a connection");
        }
        return this;
    }

    /** Reads the settings from an environment map such as {@code System.getenv()}; errors name the variable. */
    public static ForwardingConfig fromEnvironment(Map<String, String> env) {
        ReceiverConfig.Settings s = new ReceiverConfig.Settings(env);
        return new ForwardingConfig(
                s.intValue("MAX_ATTEMPTS", 12, 1, 100),
                s.duration("DELIVERY_BACKOFF_BASE", Duration.ofMinutes(1)),
                s.duration("DELIVERY_BACKOFF_MAX", Duration.ofHours(8)),
                s.duration("DELIVERY_TIMEOUT", Duration.ofSeconds(10)),
                s.duration("DELIVERY_LEASE", Duration.ofMinutes(2)),
                s.intValue("DELIVERY_CONCURRENCY", 8, 1, 256),
                s.duration("DELIVERY_POLL_INTERVAL", Duration.ofSeconds(1)),
                s.intValue("DELIVERY_DB_CONNECTIONS", 2, 1, 100),
                Duration.ofDays(s.intValue("RETENTION_DAYS", 90, 1, 36_500)),
                s.duration("RETENTION_SWEEP_INTERVAL", Duration.ofHours(1)));
    }
}
