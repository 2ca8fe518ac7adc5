package dev.stripeoperator.receiver.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.stripeoperator.contract.Fingerprint;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.contract.SigningKeys;
import dev.stripeoperator.contract.SigningSecretFiles;
import dev.stripeoperator.receiver.ReceiverConfig;
import dev.stripeoperator.receiver.observe.LogLines;

import static dev.stripeoperator.contract.ReceiverSetting.SIGNING_SECRETS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_WEBHOOK_SECRET;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_WEBHOOK_SECRET_PREVIOUS;

/**
 * The webhook signing secrets (or, with another log kind, the forwarding signing keys), from the environment or from a
 * mounted Kubernetes Secret directory that is re-read every second so that a rotation takes effect without a restart.
 */
public final class SigningSecrets implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SigningSecrets.class.getName());
    private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);
    /** The log kind of Stripe's signing secrets. */
    public static final String STRIPE_KIND = "signing_secrets";

    private final String kind;
    private final Optional<Path> directory;
    private final Optional<ScheduledExecutorService> refresher;
    private volatile SigningKeys secrets;
    /** Last problem logged by the refresher, so that a lasting problem is logged once and not every second. */
    private String lastProblem;

    private SigningSecrets(String kind, SigningKeys initial, Optional<Path> directory, Optional<String> problem) {
        this.kind = kind;
        this.secrets = initial;
        this.lastProblem = problem.orElse("");
        String source = directory.map(Path::toString).orElse("environment");
        problem.ifPresent(p -> LogLines.signingSecretsProblem(kind, source, p).log(LOG, Level.SEVERE));
        this.directory = directory;
        this.refresher = directory.map(dir -> {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name(kind + "-refresh").daemon().factory());
            executor.scheduleWithFixedDelay(
                    this::refresh, REFRESH_INTERVAL.toMillis(), REFRESH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            return executor;
        });
        LogLines.signingSecrets(kind, "loaded", source, initial).log(LOG, Level.INFO);
    }

    /**
     * Loads the secrets the settings name: a directory (watched) or the secrets themselves (fixed).
     *
     * @throws SettingException when no secret is configured, both sources are set, or the directory has no {@code current}
     */
    public static SigningSecrets open(ReceiverConfig config) {
        if (config.signingSecretsDir().isPresent()) {
            if (config.signingSecret().isPresent()
                    || config.previousSigningSecret().isPresent()) {
                throw new SettingException("set either " + SIGNING_SECRETS_DIR + " or " + STRIPE_WEBHOOK_SECRET + "/"
                        + STRIPE_WEBHOOK_SECRET_PREVIOUS + ", not both");
            }
            return watch(STRIPE_KIND, config.signingSecretsDir().get(), SIGNING_SECRETS_DIR.name());
        }
        String current = config.signingSecret()
                .orElseThrow(() -> new SettingException(
                        "no signing secret: set " + SIGNING_SECRETS_DIR + " (a directory with a file '"
                                + SigningSecretFiles.CURRENT + "') or " + STRIPE_WEBHOOK_SECRET));
        return new SigningSecrets(
                STRIPE_KIND,
                new SigningKeys(current, config.previousSigningSecret().orElse(null), null),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * Secrets read from a mounted Secret directory and re-read every second; {@code kind} names them in log lines.
     *
     * @throws SettingException naming {@code setting} when the directory cannot be read or has no {@code current}
     */
    public static SigningSecrets watch(String kind, Path dir, String setting) {
        try {
            Reading reading = readDirectory(dir);
            return new SigningSecrets(kind, reading.secrets(), Optional.of(dir), reading.problem());
        } catch (IOException | IllegalStateException e) {
            throw new SettingException(setting + " " + dir + ": " + e.getMessage());
        }
    }

    /** One fixed secret, for local use; {@code kind} names it in log lines. */
    public static SigningSecrets fixed(String kind, String secret) {
        return new SigningSecrets(kind, new SigningKeys(secret, null, null), Optional.empty(), Optional.empty());
    }

    /** The secrets as last read. */
    public SigningKeys current() {
        return secrets;
    }

    @Override
    public void close() {
        refresher.ifPresent(ScheduledExecutorService::shutdownNow);
    }

    private void refresh() {
        Path dir = directory.orElseThrow();
        String problem;
        try {
            Reading read = readDirectory(dir);
            if (!read.secrets().equals(secrets)) {
                secrets = read.secrets();
                LogLines.signingSecrets(kind, "changed", dir.toString(), read.secrets())
                        .log(LOG, Level.INFO);
            }
            problem = read.problem().orElse("");
        } catch (IOException | RuntimeException e) {
            problem = "cannot re-read the files, keeping " + secrets.describe() + ": " + e.getMessage();
        }
        if (!problem.equals(lastProblem)) {
            lastProblem = problem;
            if (!problem.isEmpty()) {
                LogLines.signingSecretsProblem(kind, dir.toString(), problem).log(LOG, Level.SEVERE);
            }
        }
    }

    /** The secrets read from the directory, and what was wrong with the files if anything. */
    record Reading(SigningKeys secrets, Optional<String> problem) {}

    /**
     * Reads all files from one version of the directory. Kubernetes publishes a Secret volume as
     * {@code ..data -> ..<timestamp>/} and swaps that symlink atomically, so the files are read through the
     * resolved target and the read is repeated when the link moved meanwhile.
     */
    static Reading readDirectory(Path dir) throws IOException {
        Path link = dir.resolve("..data");
        for (int attempt = 0; attempt < 5; attempt++) {
            Path base = Files.exists(link) ? link.toRealPath() : dir;
            Reading read = readFiles(base);
            if (base == dir || link.toRealPath().equals(base)) {
                return read;
            }
        }
        throw new IllegalStateException("the ..data link kept changing while it was read");
    }

    private static Reading readFiles(Path base) throws IOException {
        String current = readOptional(base.resolve(SigningSecretFiles.CURRENT))
                .orElseThrow(() ->
                        new IllegalStateException("no file '" + SigningSecretFiles.CURRENT + "' (or it is empty)"));
        Optional<String> previous = readOptional(base.resolve(SigningSecretFiles.PREVIOUS));
        Optional<String> expiry = readOptional(base.resolve(SigningSecretFiles.PREVIOUS_EXPIRES_AT));
        if (previous.isEmpty() || expiry.isEmpty()) {
            return new Reading(new SigningKeys(current, previous.orElse(null), null), Optional.empty());
        }
        Optional<Instant> expiresAt = SigningSecretFiles.parseExpiry(expiry.get());
        if (expiresAt.isPresent()) {
            return new Reading(new SigningKeys(current, previous.get(), expiresAt.get()), Optional.empty());
        }
        // Fail closed for the old secret only: the current one keeps the endpoint working.
        return new Reading(
                new SigningKeys(current, null, null),
                Optional.of(SigningSecretFiles.PREVIOUS_EXPIRES_AT + " in " + base + " is not an RFC 3339 time ('"
                        + expiry.get() + "'): the previous secret " + Fingerprint.of(previous.get())
                        + " is refused until it is fixed"));
    }

    private static Optional<String> readOptional(Path file) throws IOException {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            // The usual cause in a pod: Secret volume files are root's; only the pod's fsGroup lets this user read
            // them.
            throw new AccessDeniedException(
                    file.toString(),
                    null,
                    "permission denied for this process's user; give the "
                            + "pod an fsGroup, which the kubelet makes the Secret volume's group, or a mode this user may read");
        }
    }
}
