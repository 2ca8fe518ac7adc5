package dev.stripeoperator.receiver;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The receiver's settings, read once at start from the environment (see DESIGN.md, receiver contract).
 */
public record ReceiverConfig(
        int port,
        String webhookPath,
        String endpointName,
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
        Optional<Boolean> livemode,
        List<String> enabledEvents,
        Optional<URI> sinkUrl,
        Optional<String> stripeApiKey,
        Optional<Path> stripeApiKeyFile,
        Optional<String> stripeApiBase,
        Duration reconcileLookback) {

    /** Reads the settings from an environment map such as {@code System.getenv()}. */
    public static ReceiverConfig fromEnvironment(Map<String, String> env) {
        Settings s = new Settings(env);
        return new ReceiverConfig(
                s.intValue("PORT", 8080, 0, 65535),
                s.path("WEBHOOK_PATH", "/webhooks/stripe"),
                s.string("ENDPOINT_NAME").orElse("default"),
                s.string("SIGNING_SECRETS_DIR").map(Path::of),
                s.string("STRIPE_WEBHOOK_SECRET"),
                s.string("STRIPE_WEBHOOK_SECRET_PREVIOUS"),
                s.string("DATABASE_URL"),
                s.string("DATABASE_USER"),
                s.string("DATABASE_PASSWORD"),
                s.intValue("DATABASE_POOL_SIZE", 16, 1, 1000),
                Path.of(s.string("DATA_DIR").orElse("./data")),
                s.longValue("SIGNATURE_TOLERANCE_SECONDS", 300, 1, 86_400),
                s.longValue("MAX_BODY_BYTES", 1_048_576, 1, 64L * 1024 * 1024),
                s.intValue("MAX_CONNECTIONS", 1000, 1, 100_000),
                s.duration("BODY_READ_TIMEOUT", Duration.ofSeconds(10)),
                s.bool("LIVEMODE"),
                s.list("ENABLED_EVENTS", List.of("*")),
                s.uri("SINK_URL"),
                s.string("STRIPE_API_KEY"),
                s.string("STRIPE_API_KEY_FILE").map(Path::of),
                s.string("STRIPE_API_BASE"),
                s.duration("RECONCILE_LOOKBACK", Duration.ofHours(26)));
    }

    /**
     * The settings without their secrets: signing secrets, the database URL (which may carry a password), the
     * database password, the API key and the sink URL (which may carry credentials) show only whether they are set.
     */
    @Override
    public String toString() {
        return "ReceiverConfig[port=" + port + ", webhookPath=" + webhookPath + ", endpointName=" + endpointName
                + ", signingSecretsDir=" + signingSecretsDir.map(Path::toString).orElse("-")
                + ", signingSecret=" + redacted(signingSecret) + ", previousSigningSecret=" + redacted(previousSigningSecret)
                + ", databaseUrl=" + redacted(databaseUrl) + ", databaseUser=" + databaseUser.orElse("-")
                + ", databasePassword=" + redacted(databasePassword) + ", databasePoolSize=" + databasePoolSize
                + ", dataDir=" + dataDir + ", signatureToleranceSeconds=" + signatureToleranceSeconds
                + ", maxBodyBytes=" + maxBodyBytes + ", maxConnections=" + maxConnections
                + ", bodyReadTimeout=" + bodyReadTimeout + ", livemode=" + livemode.map(String::valueOf).orElse("both")
                + ", enabledEvents=" + enabledEvents + ", sinkUrl=" + redacted(sinkUrl)
                + ", stripeApiKey=" + redacted(stripeApiKey) + ", stripeApiKeyFile=" + stripeApiKeyFile.map(Path::toString).orElse("-")
                + ", stripeApiBase=" + stripeApiBase.orElse("-") + ", reconcileLookback=" + reconcileLookback + "]";
    }

    private static String redacted(Optional<?> value) {
        return value.isPresent() ? "(set)" : "-";
    }

    /** Typed, validated access to raw settings; every error names the variable. */
    public record Settings(Map<String, String> env) {

        public Optional<String> string(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        public int intValue(String name, int defaultValue, int min, int max) {
            return (int) longValue(name, defaultValue, min, max);
        }

        public long longValue(String name, long defaultValue, long min, long max) {
            Optional<String> raw = string(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            try {
                long value = Long.parseLong(raw.get());
                if (value < min || value > max) {
                    throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number, got '" + raw.get() + "'");
            }
        }

        public Optional<Boolean> bool(String name) {
            return string(name).map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(name + " must be 'true' or 'false', got '" + raw + "'");
            });
        }

        public List<String> list(String name, List<String> defaultValue) {
            Optional<String> raw = string(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            List<String> items = Arrays.stream(raw.get().split(","))
                    .map(String::trim)
                    .filter(item -> !item.isEmpty())
                    .toList();
            if (items.isEmpty()) {
                throw new ConfigException(name + " must list at least one entry");
            }
            return items;
        }

        public String path(String name, String defaultValue) {
            String value = string(name).orElse(defaultValue);
            if (!value.startsWith("/")) {
                throw new ConfigException(name + " must begin with '/', got '" + value + "'");
            }
            return value;
        }

        public Optional<URI> uri(String name) {
            return string(name).map(raw -> {
                try {
                    URI uri = URI.create(raw);
                    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                        throw new IllegalArgumentException("not an http(s) URL");
                    }
                    return uri;
                } catch (IllegalArgumentException e) {
                    // Not echoed: a URL may carry credentials (user:password@host, a token in the query).
                    throw new ConfigException(name + " must be an absolute http(s) URL with a host");
                }
            });
        }

        /** Go-style durations as Kubernetes writes them ({@code 26h}, {@code 90m}, {@code 1h30m}, {@code 45s}). */
        public Duration duration(String name, Duration defaultValue) {
            Optional<String> raw = string(name);
            if (raw.isEmpty()) {
                return defaultValue;
            }
            try {
                Duration value = Duration.parse("PT" + raw.get().toUpperCase(Locale.ROOT));
                if (value.isNegative() || value.isZero()) {
                    throw new ConfigException(name + " must be positive, got '" + raw.get() + "'");
                }
                return value;
            } catch (DateTimeParseException e) {
                throw new ConfigException(name + " must be a duration such as 26h, 90m or 1h30m, got '" + raw.get() + "'");
            }
        }
    }
}
