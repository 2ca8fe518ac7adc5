package dev.stripeoperator.receiver.backfill;

import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.net.Authenticator;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.LiveStripeResponseGetter;
import com.stripe.net.RequestOptions;
import com.stripe.net.StripeResponseGetterOptions;
import com.stripe.param.EventListParams;
import dev.stripeoperator.receiver.webhook.StripeEvent;

import static dev.stripeoperator.contract.ReceiverSetting.RECONCILE_PAGES_PER_SECOND;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_API_KEY_FILE;
import static dev.stripeoperator.contract.ReceiverSetting.STRIPE_ENDPOINT_ID;

/**
 * Stripe's events list (the account's own, or a connected account's through the {@code Stripe-Account} header) and
 * webhook endpoints through stripe-java with auto-pagination, paced and retried, each event with its raw JSON.
 */
final class StripeEventSource {

    /** Stripe's largest page; also the size of the chunks handed on, one database round trip each. */
    static final int PAGE_SIZE = 100;

    /** Receives listed events in chunks of at most {@link #PAGE_SIZE}. */
    interface ChunkHandler {
        void handle(List<ListedEvent> chunk) throws SQLException;
    }

    private final StripeClient client;
    private final RawPages pages;
    private final ApiKey key;
    private final String apiBase;
    private final int maxNetworkRetries;

    private StripeEventSource(StripeClient client, RawPages pages, ApiKey key, String apiBase, int maxNetworkRetries) {
        this.client = client;
        this.pages = pages;
        this.key = key;
        this.apiBase = apiBase;
        this.maxNetworkRetries = maxNetworkRetries;
    }

    /** A source talking to {@code apiBase} (Stripe's own API when empty) with the settings' pace and retries. */
    static StripeEventSource create(ApiKey key, Optional<String> apiBase, BackfillSettings settings) {
        StripeClient.StripeClientBuilder builder =
                StripeClient.builder().setApiKey(key.value()).setMaxNetworkRetries(settings.maxNetworkRetries());
        apiBase.ifPresent(builder::setApiBase);
        RawPages pages = new RawPages();
        PacedHttpClient transport = new PacedHttpClient(
                new HttpURLConnectionClient(), RequestPacer.perSecond(settings.pagesPerSecond()), pages);
        StripeClient client = new StripeClient(new LiveStripeResponseGetter(new BuilderOptions(builder), transport));
        return new StripeEventSource(client, pages, key, builder.getApiBase(), settings.maxNetworkRetries());
    }

    /**
     * Reads the webhook endpoint {@code id}: its event types, API version and status.
     *
     * @throws BackfillException when Stripe does not know it, the key may not read it, or Stripe stays unavailable
     */
    StripeEndpoint webhookEndpoint(String id) throws BackfillException {
        try {
            return StripeEndpoint.of(client.v1().webhookEndpoints().retrieve(id));
        } catch (PermissionException e) {
            throw new BackfillException(
                    BackfillException.MISCONFIGURED,
                    "Stripe refused the API key (403 permission"
                            + " denied) reading webhook endpoint " + id + ": with " + STRIPE_ENDPOINT_ID
                            + " set, a restricted key needs"
                            + " Webhook Endpoints read access besides Events read (key " + key.fingerprint() + ")",
                    e);
        } catch (InvalidRequestException e) {
            if (Integer.valueOf(404).equals(e.getStatusCode())) {
                throw new BackfillException(
                        BackfillException.MISCONFIGURED,
                        "Stripe has no webhook endpoint " + id + " (404): check " + STRIPE_ENDPOINT_ID
                                + ", and that the key is of the endpoint's account and mode",
                        e);
            }
            throw failure(e);
        } catch (StripeException e) {
            throw failure(e);
        }
    }

    /**
     * Lists the events created in {@code [from, to]} (whole seconds, as Stripe filters), newest first: the account's
     * own, or with {@code account} those of that connected account.
     *
     * @throws BackfillException          when Stripe refuses the key or stays unavailable after the retries
     * @throws AccountUnavailableException when Stripe will not list {@code account} (disconnected, or not connected)
     * @throws SQLException                when the handler cannot store a chunk
     */
    void forEachChunk(Instant from, Instant to, Optional<String> account, ChunkHandler handler)
            throws BackfillException, AccountUnavailableException, SQLException {
        EventListParams params = EventListParams.builder()
                .setCreated(EventListParams.Created.builder()
                        .setGte(from.getEpochSecond())
                        .setLte(to.getEpochSecond())
                        .build())
                .setLimit((long) PAGE_SIZE)
                .build();
        // The SDK keeps the options with the list, so every further page goes to the same account.
        RequestOptions options =
                RequestOptions.builder().setStripeAccount(account.orElse(null)).build();
        try {
            StripeCollection<Event> firstPage = client.v1().events().list(params, options);
            inChunks(firstPage.autoPagingIterable(), event -> listed(event, account), handler);
        } catch (StripeException e) {
            throwIfAccountUnavailable(e, account);
            throw failure(e);
        } catch (RuntimeException e) {
            // The auto-pagination iterator wraps the failure of a later page in a RuntimeException.
            StripeException cause = stripeCause(e).orElseThrow(() -> e);
            throwIfAccountUnavailable(cause, account);
            throw failure(cause);
        }
    }

    /**
     * Lists the thin events (Stripe's v2 events, {@code /v2/core/events}) created in {@code [from, to]}, each with its
     * JSON as Stripe sent it, read as a thin event envelope for its related object and context.
     *
     * @throws BackfillException when Stripe refuses the key or stays unavailable after the retries
     * @throws SQLException      when the handler cannot store a chunk
     */
    void forEachThinChunk(Instant from, Instant to, ChunkHandler handler) throws BackfillException, SQLException {
        com.stripe.param.v2.core.EventListParams params = com.stripe.param.v2.core.EventListParams.builder()
                .setCreated(com.stripe.param.v2.core.EventListParams.Created.builder()
                        .setGte(from)
                        .setLte(to)
                        .build())
                .setLimit((long) PAGE_SIZE)
                .build();
        try {
            inChunks(client.v2().core().events().list(params).autoPagingIterable(), this::listedThin, handler);
        } catch (StripeException e) {
            throw failure(e);
        } catch (RuntimeException e) {
            throw failure(stripeCause(e).orElseThrow(() -> e));
        }
    }

    /** Hands the listed events to {@code handler} a page at a time, and the rest at the end. */
    private static <T> void inChunks(Iterable<T> events, Function<T, ListedEvent> listed, ChunkHandler handler)
            throws SQLException {
        List<ListedEvent> chunk = new ArrayList<>(PAGE_SIZE);
        for (T event : events) {
            chunk.add(listed.apply(event));
            if (chunk.size() == PAGE_SIZE) {
                handler.handle(List.copyOf(chunk));
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            handler.handle(List.copyOf(chunk));
        }
    }

    /** An event's JSON exactly as Stripe sent it on the page just read. */
    private String raw(String id) {
        return pages.event(id)
                .orElseThrow(() -> new IllegalStateException("event " + id + " is not on the page Stripe sent last"));
    }

    private ListedEvent listedThin(com.stripe.model.v2.core.Event event) {
        String raw = raw(event.getId());
        // The same reading as a delivered thin event's: the stored row has one shape whichever way it came.
        StripeEvent envelope = StripeEvent.parse(raw)
                .filter(parsed -> parsed.thin().isPresent() && parsed.created().isPresent())
                .orElseThrow(() -> new IllegalStateException("event " + event.getId()
                        + " on the v2 events list is not a" + " thin event with a storable created time"));
        return new ListedEvent(
                envelope.id(),
                envelope.type(),
                envelope.livemode(),
                null,
                envelope.created().get(),
                raw,
                Optional.empty(),
                envelope.thin());
    }

    private ListedEvent listed(Event event, Optional<String> account) {
        String raw = raw(event.getId());
        return new ListedEvent(
                event.getId(),
                event.getType(),
                Boolean.TRUE.equals(event.getLivemode()),
                event.getApiVersion(),
                Instant.ofEpochSecond(event.getCreated()),
                account.map(id -> withAccount(raw, id)).orElse(raw),
                account);
    }

    /**
     * A Connect endpoint's deliveries name the connected account in {@code account}; a listed event that lacks it
     * gets it, so that a recovered event has the shape a delivery has. Everything else stays as Stripe sent it.
     */
    private static String withAccount(String raw, String account) {
        JsonObject event = JsonParser.parseString(raw).getAsJsonObject();
        if (event.has("account") && !event.get("account").isJsonNull()) {
            return raw;
        }
        event.addProperty("account", account);
        return event.toString();
    }

    /** Stripe's refusal to list one connected account, which must not stop the run for the others. */
    private static void throwIfAccountUnavailable(StripeException e, Optional<String> account)
            throws AccountUnavailableException {
        if (account.isEmpty()) {
            return;
        }
        if (e instanceof PermissionException) {
            throw new AccountUnavailableException(
                    account.get() + ": Stripe refused to list its events (403): it"
                            + " disconnected from the platform, or the key lacks Events read access for it",
                    e);
        }
        if (e instanceof InvalidRequestException && Integer.valueOf(404).equals(e.getStatusCode())) {
            throw new AccountUnavailableException(account.get() + ": Stripe does not know this account (404)", e);
        }
    }

    private BackfillException failure(StripeException e) {
        String retried = " after " + maxNetworkRetries + (maxNetworkRetries == 1 ? " retry" : " retries");
        String request = e.getRequestId() == null ? "" : " (request " + e.getRequestId() + ")";
        // Stripe's own message for 401/403 quotes part of the key, so those are described without it.
        return switch (e) {
            case PermissionException p ->
                new BackfillException(
                        BackfillException.MISCONFIGURED,
                        "Stripe refused the API key (403 permission denied): a restricted key needs Events read access"
                                + " (key " + key.fingerprint() + ")",
                        e);
            case AuthenticationException a ->
                new BackfillException(
                        BackfillException.MISCONFIGURED,
                        "Stripe rejected the API key (401): check the Secret behind " + STRIPE_API_KEY_FILE + " (key "
                                + key.fingerprint() + ")",
                        e);
            case RateLimitException r ->
                new BackfillException(
                        BackfillException.FAILED,
                        "Stripe kept rate-limiting the events list (429)" + retried + request + "; lower "
                                + RECONCILE_PAGES_PER_SECOND + " or move the schedule",
                        e);
            case ApiConnectionException c ->
                new BackfillException(
                        BackfillException.FAILED,
                        "cannot reach the Stripe API at " + apiBase + retried + ": " + rootMessage(c),
                        e);
            case InvalidRequestException i ->
                new BackfillException(
                        BackfillException.FAILED,
                        "Stripe refused the request (" + i.getStatusCode() + "): " + i.getMessage(),
                        e);
            default ->
                e.getStatusCode() != null && e.getStatusCode() >= 500
                        ? new BackfillException(
                                BackfillException.FAILED,
                                "the Stripe API stayed unavailable (HTTP " + e.getStatusCode() + ")" + retried
                                        + request,
                                e)
                        : new BackfillException(
                                BackfillException.FAILED,
                                "the Stripe API answered HTTP " + e.getStatusCode() + request + ": " + e.getMessage(),
                                e);
        };
    }

    private static Optional<StripeException> stripeCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StripeException stripe) {
                return Optional.of(stripe);
            }
        }
        return Optional.empty();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /**
     * The settings the SDK's builder collected, handed to a response getter that uses our transport; the builder
     * itself can only produce a client on the SDK's default transport.
     */
    private static final class BuilderOptions extends StripeResponseGetterOptions {
        private final StripeClient.StripeClientBuilder builder;

        BuilderOptions(StripeClient.StripeClientBuilder builder) {
            this.builder = builder;
        }

        @Override
        public Authenticator getAuthenticator() {
            return builder.getAuthenticator();
        }

        @Override
        public String getClientId() {
            return builder.getClientId();
        }

        @Override
        public int getConnectTimeout() {
            return builder.getConnectTimeout();
        }

        @Override
        public Proxy getConnectionProxy() {
            return builder.getConnectionProxy();
        }

        @Override
        public int getMaxNetworkRetries() {
            return builder.getMaxNetworkRetries();
        }

        @Override
        public PasswordAuthentication getProxyCredential() {
            return builder.getProxyCredential();
        }

        @Override
        public String getApiBase() {
            return builder.getApiBase();
        }

        @Override
        public String getFilesBase() {
            return builder.getFilesBase();
        }

        @Override
        public String getConnectBase() {
            return builder.getConnectBase();
        }

        @Override
        public String getMeterEventsBase() {
            return builder.getMeterEventsBase();
        }

        @Override
        public int getReadTimeout() {
            return builder.getReadTimeout();
        }

        @Override
        public String getStripeAccount() {
            return builder.getStripeAccount();
        }

        @Override
        public String getStripeContext() {
            return builder.getStripeContext();
        }
    }
}
