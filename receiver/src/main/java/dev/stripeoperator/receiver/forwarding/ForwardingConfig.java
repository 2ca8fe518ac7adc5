package dev.stripeoperator.receiver.forwarding;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.ReceiverSetting;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.contract.Settings;

import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_POOL_SIZE;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_BACKOFF_BASE;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_BACKOFF_MAX;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_CONCURRENCY;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_DB_CONNECTIONS;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_FETCH_FULL_EVENT;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_LEASE;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_MAX_ATTEMPTS;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_POLL_INTERVAL;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_SIGNING_KEY;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_SIGNING_KEYS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_TIMEOUT;
import static dev.stripeoperator.contract.ReceiverSetting.RETENTION_DAYS;
import static dev.stripeoperator.contract.ReceiverSetting.RETENTION_SWEEP_INTERVAL;
import static dev.stripeoperator.contract.ReceiverSetting.SINK_BEARER_TOKEN_FILE;
import static dev.stripeoperator.contract.ReceiverSetting.SINK_URL;

/**
 * Settings of the forwarding worker and the retention sweep, read once at start (documented in docs/forwarding.md).
 */
public record ForwardingConfig(
        Optional<URI> sinkUrl,
        Optional<Path> signingKeysDir,
        Optional<String> signingKey,
        Optional<Path> sinkBearerTokenFile,
        boolean fetchFullEvent,
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

    /**
     * The names these settings had before forwarding was told apart from delivery. A receiver given one of them
     * refuses to start rather than silently run on the default.
     */
    private static final Map<String, ReceiverSetting> RENAMED = Map.of(
            "MAX_ATTEMPTS", FORWARDING_MAX_ATTEMPTS,
            "DELIVERY_BACKOFF_BASE", FORWARDING_BACKOFF_BASE,
            "DELIVERY_BACKOFF_MAX", FORWARDING_BACKOFF_MAX,
            "DELIVERY_TIMEOUT", FORWARDING_TIMEOUT,
            "DELIVERY_LEASE", FORWARDING_LEASE,
            "DELIVERY_CONCURRENCY", FORWARDING_CONCURRENCY,
            "DELIVERY_POLL_INTERVAL", FORWARDING_POLL_INTERVAL,
            "DELIVERY_DB_CONNECTIONS", FORWARDING_DB_CONNECTIONS);

    public ForwardingConfig {
        if (backoffMax.compareTo(backoffBase) < 0) {
            throw new SettingException(FORWARDING_BACKOFF_MAX + " (" + backoffMax + ") must not be shorter than "
                    + FORWARDING_BACKOFF_BASE + " (" + backoffBase + ")");
        }
        // The lease must outlast one whole attempt (bounded by the sink timeout) plus writing its outcome,
        // otherwise another replica takes the row over while the first is still sending it.
        if (lease.compareTo(sinkTimeout.multipliedBy(2)) < 0) {
            throw new SettingException(FORWARDING_LEASE + " (" + lease + ") must be at least twice "
                    + FORWARDING_TIMEOUT + " (" + sinkTimeout + ")");
        }
        // With full events fetched first, an attempt takes up to twice the sink timeout: the lease must still
        // outlast it.
        if (fetchFullEvent && lease.compareTo(sinkTimeout.multipliedBy(3)) < 0) {
            throw new SettingException(FORWARDING_LEASE + " (" + lease + ") must be at least three times "
                    + FORWARDING_TIMEOUT + " (" + sinkTimeout + ") with " + FORWARDING_FETCH_FULL_EVENT
                    + ": each attempt fetches the full event, then sends it");
        }
    }

    /**
     * Checks that the forwarding side leaves connections of the pool it shares with the webhook path for acks.
     *
     * @throws SettingException when {@code FORWARDING_DB_CONNECTIONS} would take the whole pool
     */
    public void checkFitsPool(int databasePoolSize) {
        if (databaseConnections >= databasePoolSize) {
            throw new SettingException(FORWARDING_DB_CONNECTIONS + " (" + databaseConnections
                    + ") must be smaller than "
                    + DATABASE_POOL_SIZE + " (" + databasePoolSize + ") so that webhook acks always find a"
                    + " connection");
        }
    }

    /** Reads the settings from an environment map such as {@code System.getenv()}; errors name the variable. */
    public static ForwardingConfig fromEnvironment(Map<String, String> env) {
        for (String name : env.keySet()) {
            if (RENAMED.containsKey(name)) {
                throw new SettingException(name + " is now " + RENAMED.get(name) + ": set that instead");
            }
        }
        Settings s = new Settings(env);
        return new ForwardingConfig(
                s.url(SINK_URL.name()),
                s.text(FORWARDING_SIGNING_KEYS_DIR.name()).map(Path::of),
                s.text(FORWARDING_SIGNING_KEY.name()),
                s.text(SINK_BEARER_TOKEN_FILE.name()).map(Path::of),
                s.bool(FORWARDING_FETCH_FULL_EVENT.name(), false),
                s.integer(FORWARDING_MAX_ATTEMPTS.name(), 12, 1, 100),
                s.duration(FORWARDING_BACKOFF_BASE.name(), Duration.ofMinutes(1)),
                s.duration(FORWARDING_BACKOFF_MAX.name(), Duration.ofHours(8)),
                s.duration(FORWARDING_TIMEOUT.name(), Duration.ofSeconds(10)),
                s.duration(FORWARDING_LEASE.name(), Duration.ofMinutes(2)),
                s.integer(FORWARDING_CONCURRENCY.name(), 8, 1, 256),
                s.duration(FORWARDING_POLL_INTERVAL.name(), Duration.ofSeconds(1)),
                s.integer(FORWARDING_DB_CONNECTIONS.name(), 2, 1, 100),
                Duration.ofDays(s.integer(RETENTION_DAYS.name(), ReceiverImage.RETENTION_DAYS, 1, 36_500)),
                s.duration(RETENTION_SWEEP_INTERVAL.name(), Duration.ofHours(1)));
    }

    /** The settings without secrets: the sink URL (it may carry credentials) and the key show only whether set. */
    @Override
    public String toString() {
        return "ForwardingConfig[sinkUrl=" + redacted(sinkUrl) + ", signingKeysDir="
                + signingKeysDir.map(Path::toString).orElse("-") + ", signingKey=" + redacted(signingKey)
                + ", sinkBearerTokenFile="
                + sinkBearerTokenFile.map(Path::toString).orElse("-")
                + ", fetchFullEvent=" + fetchFullEvent + ", maxAttempts=" + maxAttempts + ", backoffBase="
                + backoffBase + ", backoffMax=" + backoffMax + ", sinkTimeout=" + sinkTimeout + ", lease=" + lease
                + ", concurrency=" + concurrency + ", pollInterval=" + pollInterval + ", databaseConnections="
                + databaseConnections + ", retention=" + retention + ", retentionSweepInterval="
                + retentionSweepInterval + "]";
    }

    private static String redacted(Optional<?> value) {
        return value.isPresent() ? "(set)" : "-";
    }
}
