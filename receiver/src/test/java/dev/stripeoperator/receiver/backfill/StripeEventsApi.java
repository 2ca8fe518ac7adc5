package dev.stripeoperator.receiver.backfill;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stripeoperator.standin.FormParameters;
import dev.stripeoperator.standin.StripeError;

/**
 * Stripe's {@code GET /v1/events}, {@code GET /v1/webhook_endpoints/{id}}, and the v2 events API
 * ({@code GET /v2/core/events}, paged with {@code next_page_url}, and {@code GET /v2/core/events/{id}}) over loopback,
 * answering as the real API does: bearer-key authentication, a list object newest first, {@code created[gte|gt|lte|lt]} filters, {@code limit}
 * (default 10, at most 100), {@code starting_after} paging and {@code has_more}; with a {@code Stripe-Account} header
 * the events of that connected account (403 for an account that is not connected); v2 events only in the account of
 * their {@code context}, which a request names with {@code Stripe-Context} (without it, the key's own account: a
 * connected account's event is not found there); Stripe-shaped error bodies for scripted failures.
 */
public final class StripeEventsApi implements AutoCloseable {

    /**
     * One request as the API saw it.
     *
     * @param account its {@code Stripe-Account} header, or null
     * @param context its {@code Stripe-Context} header, or null
     */
    public record Request(String path, String account, String context, Map<String, String> query) {}

    private static final String PLATFORM = "";
    private static final String WEBHOOK_ENDPOINTS = "/v1/webhook_endpoints/";
    private static final String V2_EVENTS = "/v2/core/events";

    private final HttpServer server;
    private final String apiKey;
    /** Events by account, the platform's own under {@link #PLATFORM}. */
    private final Map<String, List<JsonObject>> events = new ConcurrentHashMap<>();

    private final Map<String, JsonObject> webhookEndpoints = new ConcurrentHashMap<>();
    /** The account's v2 events (thin events' full form), in the order added. */
    private final List<JsonObject> v2Events = new CopyOnWriteArrayList<>();

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger requestIds = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus;

    private StripeEventsApi(String apiKey, InetAddress address) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on an ephemeral loopback port, accepting only {@code apiKey}. */
    public static StripeEventsApi start(String apiKey) throws IOException {
        return new StripeEventsApi(apiKey, InetAddress.getLoopbackAddress());
    }

    /** Starts on an ephemeral port of {@code address} (a local one, such as the bridge pods reach this machine at). */
    public static StripeEventsApi start(String apiKey, InetAddress address) throws IOException {
        return new StripeEventsApi(apiKey, address);
    }

    /** What to give as STRIPE_API_BASE. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
    }

    /** Makes the event exist in the account. */
    public void add(JsonObject event) {
        events.computeIfAbsent(PLATFORM, none -> new CopyOnWriteArrayList<>()).add(event);
    }

    /**
     * Makes a v2 event exist in the account its {@code context} names (the key's own when null): listed at
     * /v2/core/events, retrieved at /v2/core/events/{id}.
     */
    public void addV2(JsonObject event) {
        v2Events.add(event);
    }

    /** Makes the event exist in a connected account, which becomes connected if it was not. */
    void add(String account, JsonObject event) {
        connect(account);
        events.get(account).add(event);
    }

    /** Connects an account to the platform, so that its (possibly empty) event list can be read. */
    void connect(String account) {
        events.computeIfAbsent(account, none -> new CopyOnWriteArrayList<>());
    }

    /** Makes a webhook endpoint exist, as Stripe would describe it. */
    void addWebhookEndpoint(String id, List<String> enabledEvents, String apiVersion, String status) {
        JsonObject endpoint = new JsonObject();
        endpoint.addProperty("id", id);
        endpoint.addProperty("object", "webhook_endpoint");
        endpoint.addProperty("api_version", apiVersion);
        endpoint.add("application", JsonNull.INSTANCE);
        endpoint.addProperty("created", 1_700_000_000L);
        endpoint.addProperty("description", "billing");
        JsonArray types = new JsonArray();
        enabledEvents.forEach(types::add);
        endpoint.add("enabled_events", types);
        endpoint.addProperty("livemode", false);
        endpoint.add("metadata", new JsonObject());
        endpoint.addProperty("status", status);
        endpoint.addProperty("url", "https://hooks.example.com/webhooks/stripe/payments/billing");
        webhookEndpoints.put(id, endpoint);
    }

    /** Answers the next {@code times} requests with {@code status}; {@link Integer#MAX_VALUE} for ever. */
    void fail(int status, int times) {
        failureStatus = status;
        failuresLeft.set(times);
    }

    /** The query parameters of every request received, in order. */
    List<Map<String, String>> requests() {
        return requests.stream().map(Request::query).toList();
    }

    /** The path of every request received, in order. */
    public List<String> requestedPaths() {
        return requests.stream().map(Request::path).toList();
    }

    /** Every request received, in order. */
    public List<Request> calls() {
        return List.copyOf(requests);
    }

    void clear() {
        events.clear();
        v2Events.clear();
        webhookEndpoints.clear();
        requests.clear();
        failuresLeft.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String path = exchange.getRequestURI().getPath();
            String account = exchange.getRequestHeaders().getFirst("Stripe-Account");
            String context = exchange.getRequestHeaders().getFirst("Stripe-Context");
            requests.add(new Request(path, account, context, query));
            boolean list = path.equals("/v1/events");
            boolean webhookEndpoint = path.startsWith(WEBHOOK_ENDPOINTS) && path.length() > WEBHOOK_ENDPOINTS.length();
            boolean v2List = path.equals(V2_EVENTS);
            boolean v2Event = path.startsWith(V2_EVENTS + "/") && path.length() > V2_EVENTS.length() + 1;
            if (!(list || webhookEndpoint || v2List || v2Event)
                    || !exchange.getRequestMethod().equals("GET")) {
                error(exchange, 404, "invalid_request_error", null, "Unrecognized request URL.");
                return;
            }
            if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, "invalid_request_error", null, "Invalid API Key provided: sk_test_****" + "wxyz");
                return;
            }
            if (failuresLeft.getAndUpdate(left -> left == Integer.MAX_VALUE ? left : Math.max(0, left - 1)) > 0) {
                switch (failureStatus) {
                    case 429 ->
                        error(
                                exchange,
                                429,
                                "invalid_request_error",
                                "rate_limit",
                                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.");
                    case 403 ->
                        error(
                                exchange,
                                403,
                                "invalid_request_error",
                                null,
                                "The provided key 'rk_test_****wxyz' does not have the required permissions for this endpoint.");
                    default ->
                        error(
                                exchange,
                                failureStatus,
                                "api_error",
                                null,
                                "An unknown error occurred, please try again.");
                }
                return;
            }
            if (webhookEndpoint) {
                webhookEndpoint(exchange, path.substring(WEBHOOK_ENDPOINTS.length()));
                return;
            }
            if (v2List) {
                v2List(exchange, exchange.getRequestURI().getRawQuery(), query, context);
                return;
            }
            if (v2Event) {
                v2Event(exchange, path.substring(V2_EVENTS.length() + 1), context);
                return;
            }
            List<JsonObject> accountEvents =
                    account == null ? events.getOrDefault(PLATFORM, List.of()) : events.get(account);
            if (accountEvents == null) {
                error(
                        exchange,
                        403,
                        "invalid_request_error",
                        "account_invalid",
                        "The provided key 'sk_test_****wxyz'"
                                + " does not have access to account '" + account + "' (or that account does not exist)."
                                + " Application access may have been revoked.");
                return;
            }
            list(exchange, query, accountEvents);
        }
    }

    private void webhookEndpoint(HttpExchange exchange, String id) throws IOException {
        JsonObject endpoint = webhookEndpoints.get(id);
        if (endpoint == null) {
            error(exchange, 404, "invalid_request_error", "resource_missing", "No such webhook endpoint: '" + id + "'");
            return;
        }
        respond(exchange, 200, endpoint.toString());
    }

    private void v2Event(HttpExchange exchange, String id, String context) throws IOException {
        JsonObject event = v2Events.stream()
                .filter(e -> e.get("id").getAsString().equals(id))
                .filter(inAccount(context))
                .findFirst()
                .orElse(null);
        if (event == null) {
            error(exchange, 404, "invalid_request_error", "not_found", "The resource wasn't found.");
            return;
        }
        respond(exchange, 200, event.toString());
    }

    /**
     * The v2 list: RFC 3339 {@code created} bounds, newest first, {@code limit} (default 20, at most 100), and the next
     * page as a URL carrying the same filters and a {@code page} token.
     */
    private void v2List(HttpExchange exchange, String rawQuery, Map<String, String> query, String context)
            throws IOException {
        int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
        if (limit < 1 || limit > 100) {
            error(exchange, 400, "invalid_request_error", "invalid_parameter", "limit must be between 1 and 100");
            return;
        }
        List<JsonObject> matching = v2Events.stream()
                .filter(inAccount(context))
                .filter(instantBound(query, "gte", (created, value) -> !created.isBefore(value)))
                .filter(instantBound(query, "gt", (created, value) -> created.isAfter(value)))
                .filter(instantBound(query, "lte", (created, value) -> !created.isAfter(value)))
                .filter(instantBound(query, "lt", (created, value) -> created.isBefore(value)))
                .sorted(Comparator.comparing(
                                (JsonObject e) -> Instant.parse(e.get("created").getAsString()))
                        .thenComparing(e -> e.get("id").getAsString())
                        .reversed())
                .toList();
        int offset = Integer.parseInt(query.getOrDefault("page", "0"));
        JsonArray data = new JsonArray();
        matching.stream().skip(offset).limit(limit).forEach(data::add);
        JsonObject page = new JsonObject();
        page.add("data", data);
        if (offset + limit < matching.size()) {
            String filters = rawQuery == null
                    ? ""
                    : java.util.Arrays.stream(rawQuery.split("&"))
                            .filter(pair -> !pair.startsWith("page="))
                            .collect(java.util.stream.Collectors.joining("&"));
            page.addProperty(
                    "next_page_url",
                    V2_EVENTS + "?" + (filters.isEmpty() ? "" : filters + "&") + "page=" + (offset + limit));
        } else {
            page.add("next_page_url", JsonNull.INSTANCE);
        }
        page.add("previous_page_url", JsonNull.INSTANCE);
        respond(exchange, 200, page.toString());
    }

    /** The v2 events of the account a request's {@code Stripe-Context} names, the key's own without one. */
    private static Predicate<JsonObject> inAccount(String context) {
        return event -> {
            String own = event.has("context") && !event.get("context").isJsonNull()
                    ? event.get("context").getAsString()
                    : null;
            return Objects.equals(own, context);
        };
    }

    /** A {@code created} bound however the client spells it: {@code created[gte]} or {@code created.gte}. */
    private static Predicate<JsonObject> instantBound(
            Map<String, String> query, String bound, InstantComparison comparison) {
        String raw = query.getOrDefault("created[" + bound + "]", query.get("created." + bound));
        if (raw == null) {
            return event -> true;
        }
        Instant value = Instant.parse(raw);
        return event -> comparison.test(Instant.parse(event.get("created").getAsString()), value);
    }

    private interface InstantComparison {
        boolean test(Instant created, Instant value);
    }

    private void list(HttpExchange exchange, Map<String, String> query, List<JsonObject> events) throws IOException {
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        if (limit < 1 || limit > 100) {
            error(
                    exchange,
                    400,
                    "invalid_request_error",
                    "parameter_invalid_integer",
                    "Invalid limit: must be between 1 and 100");
            return;
        }
        List<JsonObject> matching = new ArrayList<>(events.stream()
                .filter(bound(query, "created[gte]", (created, value) -> created >= value))
                .filter(bound(query, "created[gt]", (created, value) -> created > value))
                .filter(bound(query, "created[lte]", (created, value) -> created <= value))
                .filter(bound(query, "created[lt]", (created, value) -> created < value))
                .sorted(Comparator.comparingLong(
                                (JsonObject e) -> e.get("created").getAsLong())
                        .thenComparing(e -> e.get("id").getAsString())
                        .reversed())
                .toList());
        String startingAfter = query.get("starting_after");
        if (startingAfter != null) {
            int index = indexOf(matching, startingAfter);
            if (index < 0) {
                error(
                        exchange,
                        400,
                        "invalid_request_error",
                        "resource_missing",
                        "No such event: '" + startingAfter + "'");
                return;
            }
            matching = matching.subList(index + 1, matching.size());
        }
        JsonArray data = new JsonArray();
        matching.stream().limit(limit).forEach(data::add);
        JsonObject page = new JsonObject();
        page.addProperty("object", "list");
        page.add("data", data);
        page.addProperty("has_more", matching.size() > limit);
        page.addProperty("url", "/v1/events");
        respond(exchange, 200, page.toString());
    }

    private static Predicate<JsonObject> bound(Map<String, String> query, String name, LongComparison comparison) {
        String raw = query.get(name);
        if (raw == null) {
            return event -> true;
        }
        long value = Long.parseLong(raw);
        return event -> comparison.test(event.get("created").getAsLong(), value);
    }

    private interface LongComparison {
        boolean test(long created, long value);
    }

    private static int indexOf(List<JsonObject> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).get("id").getAsString().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void error(HttpExchange exchange, int status, String type, String code, String message) throws IOException {
        respond(
                exchange,
                status,
                new StripeError(status, type, code, null, message).toJson().toString());
    }

    private void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Request-Id", "req_test" + requestIds.incrementAndGet());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        return FormParameters.lastValues(raw);
    }
}
