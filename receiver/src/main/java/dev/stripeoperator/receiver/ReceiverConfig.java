package dev.stripeoperator.receiver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import static dev.stripeoperator.contract.ReceiverSetting.LIVEMODE;
import static dev.stripeoperator.contract.ReceiverSetting.LOG_FORMAT;
import static dev.stripeoperator.contract.ReceiverSetting.MAX_BODY_BYTES;
import static dev.stripeoperator.contract.ReceiverSetting.MAX_CONNECTIONS;
import static dev.stripeoperator.contract.ReceiverSetting.PORT;
import static dev.stripeoperator.contract.ReceiverSetting.REQUEST_READ_TIMEOUT;
import static dev.stripeoperator.contract.ReceiverSetting.SIGNATURE_TOLERANCE_SECONDS;
import static dev.stripeoperator.contract.ReceiverSetting.SIGNING_SECRETS_DIR;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_BASE;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY_FILE;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_WEBHOOK_SECRET;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_WEBHOOK_SECRET_PREVIOUS;
import static dev.stripeoperator.contract.ReceiverSetting.TERMINATION_MESSAGE_PATH;
import static dev.stripeoperator.contract.ReceiverSetting.WEBHOOK_PATH;

/**
 * The settings every receiver command shares, read once at start from the environment ({@link ReceiverSetting}; the
 * README's receiver settings table says what each means). Those of one command live with it: forwarding's in
 * {@code ForwardingConfig}, {@code reconcile}'s in {@code BackfillSettings}.
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
        Optional<String> stripeApiKey,
        Optional<Path> stripeApiKeyFile,
        Optional<String> stripeApiBase,
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
                s.text(STRIPE_API_KEY.name()),
                s.text(STRIPE_API_KEY_FILE.name()).map(Path::of),
                // Without a trailing slash: the SDK appends paths that start with one.
                s.text(STRIPE_API_BASE.name()).map(base -> base.replaceAll("/+$", "")),
                s.text(TERMINATION_MESSAGE_PATH.name()).map(Path::of));
    }

    /**
     * The settings without their secrets: signing secrets, the database URL (which may carry a password), the
     * database password and the API key show only whether they are set.
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
                + ", enabledEvents=" + enabledEvents
                + ", stripeApiKey=" + redacted(stripeApiKey) + ", stripeApiKeyFile="
                + stripeApiKeyFile.map(Path::toString).orElse("-")
                + ", stripeApiBase=" + stripeApiBase.orElse("-")
                + ", terminationMessagePath="
                + terminationMessagePath.map(Path::toString).orElse("-") + "]";
    }

    private static String redacted(Optional<?> value) {
        return value.isPresent() ? "(set)" : "-";
    }
}
