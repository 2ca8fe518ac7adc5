package dev.stripeoperator.receiver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stripeoperator.contract.Durations;
import dev.stripeoperator.contract.LogFormat;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.ReceiverSetting;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.contract.Settings;

import static dev.stripeoperator.contract.ReceiverSetting.BODY_READ_TIMEOUT;
import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_PASSWORD;
import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_POOL_SIZE;
import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_URL;
import static dev.stripeoperator.contract.ReceiverSetting.DATABASE_USER;
import static dev.stripeoperator.contract.ReceiverSetting.DATA_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.ENABLED_EVENTS;
import static dev.stripeoperator.contract.ReceiverSetting.ENDPOINT_NAME;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_FETCH_FULL_EVENT;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_SIGNING_KEY;
import static dev.stripeoperator.contract.ReceiverSetting.FORWARDING_SIGNING_KEYS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.LIVEMODE;
import static dev.stripeoperator.contract.ReceiverSetting.LOG_FORMAT;
import static dev.stripeoperator.contract.ReceiverSetting.MAX_BODY_BYTES;
import static dev.stripeoperator.contract.ReceiverSetting.MAX_CONNECTIONS;
import static dev.stripeoperator.contract.ReceiverSetting.PORT;
import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_LOOKBACK;
import static dev.stripeoperator.contract.ReceiverSetting.REQUEST_READ_TIMEOUT;
import static dev.stripeoperator.contract.ReceiverSetting.SIGNATURE_TOLERANCE_SECONDS;
import static dev.stripeoperator.contract.ReceiverSetting.SIGNING_SECRETS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.SINK_BEARER_TOKEN_FILE;
import static dev.stripeoperator.contract.ReceiverSetting.SINK_URL;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_BASE;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY_FILE;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_WEBHOOK_SECRET;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_WEBHOOK_SECRET_PREVIOUS;
import static dev.stripeoperator.contract.ReceiverSetting.TERMINATION_MESSAGE_PATH;
import static dev.stripeoperator.contract.ReceiverSetting.WEBHOOK_PATH;

/**
 * The receiver's settings, read once at start from the environment ({@link ReceiverSetting}; the README's receiver
 * settings table says what each means).
 */
public record ReceiverConfig(
        int port,
        String webhookPath,
        String endpointName,
        LogFormat logFormat,
        Optional<Path> signingSecretsDir,
        Optional<String> signingSecret,
        Optional<String> previousSigningSecret,
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        int databasePoolSize,
        Path dataDir,
        long signatureToleranceSeconds,
        long maxBodyBytes,
        int maxConnections,
        Duration bodyReadTimeout,
        Duration requestReadTimeout,
        Optional<Boolean> livemode,
        List<String> enabledEvents,
        Optional<URI> sinkUrl,
        Optional<Path> forwardingSigningKeysDir,
        Optional<String> forwardingSigningKey,
        Optional<Path> sinkBearerTokenFile,
        boolean forwardingFetchFullEvent,
        Optional<String> stripeApiKey,
        Optional<Path> stripeApiKeyFile,
        Optional<String> stripeApiBase,
        Duration backfillLookback,
        Optional<Path> terminationMessagePath) {

    /**
     * Reads the settings from an environment map such as {@code System.getenv()}.
     *
     * @throws SettingException naming the first setting that is invalid
     */
    public static ReceiverConfig fromEnvironment(Map<String, String> env) {
        Settings s = new Settings(env);
        return new ReceiverConfig(
                s.integer(PORT.name(), ReceiverImage.PORT, 0, 65535),
                s.path(WEBHOOK_PATH.name(), ReceiverImage.WEBHOOK_PATH),
                s.text(ENDPOINT_NAME.name(), "default"),
                LogFormat.read(s, LOG_FORMAT.name()),
                s.text(SIGNING_SECRETS_DIR.name()).map(Path::of),
                s.text(STRIPE_WEBHOOK_SECRET.name()),
                s.text(STRIPE_WEBHOOK_SECRET_PREVIOUS.name()),
                s.text(DATABASE_URL.name()),
                s.text(DATABASE_USER.name()),
                s.text(DATABASE_PASSWORD.name()),
                s.integer(DATABASE_POOL_SIZE.name(), 16, 1, 1000),
                Path.of(s.text(DATA_DIR.name(), "./data")),
                s.number(SIGNATURE_TOLERANCE_SECONDS.name(), ReceiverImage.SIGNATURE_TOLERANCE_SECONDS, 1, 86_400),
                s.number(MAX_BODY_BYTES.name(), ReceiverImage.MAX_BODY_BYTES, 1, 64L * 1024 * 1024),
                s.integer(MAX_CONNECTIONS.name(), 1000, 1, 100_000),
                s.duration(BODY_READ_TIMEOUT.name(), Duration.ofSeconds(10)),
                s.duration(REQUEST_READ_TIMEOUT.name(), Duration.ofSeconds(15)),
                s.bool(LIVEMODE.name()),
                s.list(ENABLED_EVENTS.name(), List.of("*")),
                s.url(SINK_URL.name()),
                s.text(FORWARDING_SIGNING_KEYS_DIR.name()).map(Path::of),
                s.text(FORWARDING_SIGNING_KEY.name()),
                s.text(SINK_BEARER_TOKEN_FILE.name()).map(Path::of),
                s.bool(FORWARDING_FETCH_FULL_EVENT.name(), false),
                s.text(STRIPE_API_KEY.name()),
                s.text(STRIPE_API_KEY_FILE.name()).map(Path::of),
                // Without a trailing slash: the SDK appends paths that start with one.
                s.text(STRIPE_API_BASE.name()).map(base -> base.replaceAll("/+$", "")),
                s.duration(RECONCILE_LOOKBACK.name(), Durations.parse(ReceiverImage.LOOKBACK)),
                s.text(TERMINATION_MESSAGE_PATH.name()).map(Path::of));
    }

    /**
     * The settings without their secrets: signing secrets, the database URL (which may carry a password), the
     * database password, the API key, the forwarding signing key and the sink URL (which may carry credentials) show
     * only whether they are set.
     */
    @Override
    public String toString() {
        return "ReceiverConfig[port=" + port + ", webhookPath=" + webhookPath + ", endpointName=" + endpointName
                + ", logFormat=" + logFormat.word()
                + ", signingSecretsDir=" + signingSecretsDir.map(Path::toString).orElse("-")
                + ", signingSecret=" + redacted(signingSecret) + ", previousSigningSecret="
                + redacted(previousSigningSecret)
                + ", databaseUrl=" + redacted(databaseUrl) + ", databaseUser=" + databaseUser.orElse("-")
                + ", databasePassword=" + redacted(databasePassword) + ", databasePoolSize=" + databasePoolSize
                + ", dataDir=" + dataDir + ", signatureToleranceSeconds=" + signatureToleranceSeconds
                + ", maxBodyBytes=" + maxBodyBytes + ", maxConnections=" + maxConnections
                + ", bodyReadTimeout=" + bodyReadTimeout + ", requestReadTimeout=" + requestReadTimeout + ", livemode="
                + livemode.map(String::valueOf).orElse("both")
                + ", enabledEvents=" + enabledEvents + ", sinkUrl=" + redacted(sinkUrl)
                + ", forwardingSigningKeysDir="
                + forwardingSigningKeysDir.map(Path::toString).orElse("-")
                + ", forwardingSigningKey=" + redacted(forwardingSigningKey)
                + ", sinkBearerTokenFile="
                + sinkBearerTokenFile.map(Path::toString).orElse("-")
                + ", forwardingFetchFullEvent=" + forwardingFetchFullEvent
                + ", stripeApiKey=" + redacted(stripeApiKey) + ", stripeApiKeyFile="
                + stripeApiKeyFile.map(Path::toString).orElse("-")
                + ", stripeApiBase=" + stripeApiBase.orElse("-") + ", backfillLookback=" + backfillLookback
                + ", terminationMessagePath="
                + terminationMessagePath.map(Path::toString).orElse("-") + "]";
    }

    private static String redacted(Optional<?> value) {
        return value.isPresent() ? "(set)" : "-";
    }
}
