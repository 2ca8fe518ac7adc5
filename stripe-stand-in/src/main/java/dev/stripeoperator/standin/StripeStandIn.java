package dev.stripeoperator.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stateful stand-in for Stripe's {@code /v1/webhook_endpoints} API on a loopback port: create (answering the
 * secret once), list, retrieve, update and delete, 404 after deletion, the account's limit of 16 endpoints, Stripe's error
 * shapes and its API key check.
 * It also delivers signed events to every enabled endpoint subscribed to their type, as Stripe does (see
 * {@link #send}).
 */
public final class StripeStandIn implements AutoCloseable {

    /** What an API key may do. */
    public enum Access {
        WRITE,
        READ
    }

    /**
     * One request the stand-in answered: method, path (without query), status, and the account of the API key it
     * carried (null when the key was missing or unknown).
     */
    public record Handled(String method, String path, int status, String account) {}

    /** The account of keys that {@link #start(Map, Map, Function, Clock)} puts in no other. */
    public static final String DEFAULT_ACCOUNT = "acct_standin";

    /** The API version of endpoints created without one, as an account's default would be. */
    public static final String DEFAULT_API_VERSION = com.stripe.Stripe.API_VERSION;

    private static final String BASE = "/v1/webhook_endpoints";
    private static final String BEARER = "Bearer ";
    private static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z_]+(\\.[a-z_]+)+");
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Clock clock;
    private final Map<String, Access> keys;
    private final Map<String, String> accounts;
    private final String defaultApiVersion;
    private final SecureRandom random = new SecureRandom();
    /** How many webhook endpoints a Stripe account holds, unless Stripe's support raised it. */
    public static final int ENDPOINT_LIMIT = 16;

    private final Map<String, StoredEndpoint> endpoints = new LinkedHashMap<>();
    private final List<Injected> injected = new ArrayList<>();
    private final List<Handled> handled = new CopyOnWriteArrayList<>();
    private final Deliveries deliveries;

    private StripeStandIn(
            HttpServer server,
            ExecutorService handlers,
            Clock clock,
            Map<String, Access> keys,
            Map<String, String> accounts,
            String defaultApiVersion,
            Deliveries deliveries) {
        this.server = server;
        this.handlers = handlers;
        this.clock = clock;
        this.keys = Map.copyOf(keys);
        this.accounts = Map.copyOf(accounts);
        this.defaultApiVersion = defaultApiVersion;
        this.deliveries = deliveries;
    }

    /**
     * Starts a stand-in on 127.0.0.1 that accepts the given API keys; {@code route} maps an endpoint's registered URL
     * to where deliveries really go (an https URL on a public host becomes a loopback URL, say).
     */
    public static StripeStandIn start(Map<String, Access> keys, Function<URI, URI> route) throws IOException {
        return start(keys, route, Clock.systemUTC());
    }

    /** A stand-in whose endpoints and events are created at {@code clock}'s time, for tests that move time. */
    public static StripeStandIn start(Map<String, Access> keys, Function<URI, URI> route, Clock clock)
            throws IOException {
        return start(keys, Map.of(), route, clock);
    }

    /**
     * A stand-in of several Stripe accounts: {@code accounts} puts keys in accounts of their own (the others are in
     * {@link #DEFAULT_ACCOUNT}); each account sees, and holds up to {@link #ENDPOINT_LIMIT}, only its own endpoints.
     */
    public static StripeStandIn start(
            Map<String, Access> keys, Map<String, String> accounts, Function<URI, URI> route, Clock clock)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        ExecutorService handlers = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().daemon().name("stripe-stand-in-", 0).factory());
        StripeStandIn standIn = new StripeStandIn(
                server,
                handlers,
                clock,
                keys,
                accounts,
                DEFAULT_API_VERSION,
                new Deliveries(route, 6, Duration.ofMillis(200)));
        server.createContext(BASE, standIn::handle);
        server.setExecutor(handlers);
        server.start();
        return standIn;
    }

    /** What to give as the Stripe API base. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code count} requests of {@code method} (GET, POST, DELETE) are answered with {@code error}. */
    public void failNext(String method, int count, StripeError error) {
        failNext(method, null, count, error);
    }

    /**
     * The next {@code count} requests of {@code method} made with {@code apiKey} are answered with {@code error}, so a
     * test can aim a failure at one client while others keep calling.
     */
    public void failNext(String method, String apiKey, int count, StripeError error) {
        for (int i = 0; i < count; i++) {
            injected.add(new Injected(method, apiKey, error));
        }
    }

    private record Injected(String method, String apiKey, StripeError error) {
        boolean matches(String requestMethod, String requestKey) {
            return method.equals(requestMethod) && (apiKey == null || apiKey.equals(requestKey));
        }
    }

    private StripeError injectedFor(String method, String apiKey) {
        synchronized (injected) {
            for (var it = injected.iterator(); it.hasNext(); ) {
                Injected next = it.next();
                if (next.matches(method, apiKey)) {
                    it.remove();
                    return next.error();
                }
            }
            return null;
        }
    }

    /** Every request answered so far, in order. */
    public List<Handled> handled() {
        return List.copyOf(handled);
    }

    /** The endpoints that exist now, as the API shows them (without secrets), oldest first. */
    public synchronized List<JsonObject> endpoints() {
        return endpoints.values().stream().map(e -> e.toJson(false)).toList();
    }

    /** The endpoint with this id, as the API shows it, if it exists. */
    public synchronized Optional<JsonObject> endpoint(String id) {
        return Optional.ofNullable(endpoints.get(id)).map(e -> e.toJson(false));
    }

    /** The secrets an existing endpoint signs with now, current first: what only Stripe and the receiver know. */
    public synchronized List<String> secretsOf(String id) {
        return Optional.ofNullable(endpoints.get(id))
                .map(e -> e.secretsAt(clock.instant()))
                .orElse(List.of());
    }

    /** Deletes an endpoint behind the client's back, as a Dashboard user would. */
    public synchronized void deleteBehindTheBack(String id) {
        endpoints.remove(id);
    }

    /** Rolls an endpoint's secret as the Dashboard does: a new one, the old one still signing for {@code overlap}. */
    public synchronized String rollSecret(String id, Duration overlap) {
        StoredEndpoint endpoint = endpoints.get(id);
        String secret = newSecret();
        var old = endpoint.secrets.removeFirst();
        endpoint.secrets.addFirst(new StoredEndpoint.ActiveSecret(secret, null));
        endpoint.secrets.add(
                new StoredEndpoint.ActiveSecret(old.value(), clock.instant().plus(overlap)));
        return secret;
    }

    /**
     * Creates an event of {@code type} around {@code object} and delivers it, asynchronously, to every enabled endpoint
     * subscribed to the type: signed with each of the endpoint's active secrets, tried again on anything but 2xx.
     * Answers the event's id.
     */
    public synchronized String send(String type, JsonObject object) {
        String eventId = "evt_" + hex(12);
        for (StoredEndpoint endpoint : endpoints.values()) {
            if (endpoint.subscribesTo(type)) {
                deliveries.deliver(
                        endpoint.id,
                        URI.create(endpoint.url),
                        event(eventId, type, object, endpoint.apiVersion),
                        endpoint.secretsAt(clock.instant()));
            }
        }
        return eventId;
    }

    /** Every delivery attempt so far. */
    public List<Deliveries.Attempt> attempts() {
        return deliveries.attempts();
    }

    private JsonObject event(String id, String type, JsonObject object, String apiVersion) {
        JsonObject event = new JsonObject();
        event.addProperty("id", id);
        event.addProperty("object", "event");
        event.addProperty("api_version", apiVersion);
        event.addProperty("created", clock.instant().getEpochSecond());
        JsonObject data = new JsonObject();
        data.add("object", object);
        event.add("data", data);
        event.addProperty("livemode", false);
        event.addProperty("pending_webhooks", 1);
        event.addProperty("type", type);
        return event;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY);
            Map<String, List<String>> form = FormParameters.parse(new String(raw, StandardCharsets.UTF_8));
            FormParameters.parse(exchange.getRequestURI().getRawQuery()).forEach(form::putIfAbsent);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Answer answer;
            try {
                answer = answer(method, path, authorization, form);
            } catch (StripeErrorAnswer e) {
                answer = new Answer(e.error.status(), e.error.toJson());
            }
            handled.add(new Handled(method, path, answer.status(), accountOf(authorization)));
            byte[] body = answer.body().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Request-Id", "req_" + hex(7));
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private record Answer(int status, JsonObject body) {}

    /** Thrown inside a request's handling to answer one of Stripe's errors. */
    private static final class StripeErrorAnswer extends RuntimeException {
        private final transient StripeError error;

        StripeErrorAnswer(StripeError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private Answer answer(String method, String path, String authorization, Map<String, List<String>> form) {
        String key = apiKey(authorization);
        Access access = authorize(key);
        String account = accounts.getOrDefault(key, DEFAULT_ACCOUNT);
        StripeError failure = injectedFor(method, key);
        if (failure != null) {
            throw new StripeErrorAnswer(failure);
        }
        String rest = path.substring(BASE.length());
        boolean writes = !method.equals("GET");
        if (writes && access != Access.WRITE) {
            throw new StripeErrorAnswer(StripeError.forbidden(shown(key)));
        }
        synchronized (this) {
            if (rest.isEmpty() || rest.equals("/")) {
                return switch (method) {
                    case "POST" -> new Answer(200, create(account, form));
                    case "GET" -> new Answer(200, list(account, form));
                    default ->
                        throw new StripeErrorAnswer(
                                StripeError.invalid(null, "Unrecognized request URL (" + method + ": " + path + ")"));
                };
            }
            String id = rest.substring(1);
            StoredEndpoint endpoint = endpoints.get(id);
            if (endpoint == null || !endpoint.account.equals(account)) {
                throw new StripeErrorAnswer(StripeError.missing(id));
            }
            return switch (method) {
                case "GET" -> new Answer(200, endpoint.toJson(false));
                case "POST" -> new Answer(200, update(endpoint, form));
                case "DELETE" -> {
                    endpoints.remove(id);
                    JsonObject deleted = new JsonObject();
                    deleted.addProperty("id", id);
                    deleted.addProperty("object", "webhook_endpoint");
                    deleted.addProperty("deleted", true);
                    yield new Answer(200, deleted);
                }
                default ->
                    throw new StripeErrorAnswer(
                            StripeError.invalid(null, "Unrecognized request URL (" + method + ": " + path + ")"));
            };
        }
    }

    /** The account of the known key in {@code authorization}; null when there is none. */
    private String accountOf(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            return null;
        }
        String key = authorization.substring(BEARER.length());
        return keys.containsKey(key) ? accounts.getOrDefault(key, DEFAULT_ACCOUNT) : null;
    }

    /** The API key a request carries in its Authorization header. */
    private static String apiKey(String authorization) {
        if (authorization == null || !authorization.startsWith(BEARER)) {
            throw new StripeErrorAnswer(new StripeError(
                    401,
                    "invalid_request_error",
                    null,
                    null,
                    "You did not provide an API key. You need to provide your API key in the Authorization header."));
        }
        return authorization.substring(BEARER.length());
    }

    private Access authorize(String key) {
        Access access = keys.get(key);
        if (access == null) {
            throw new StripeErrorAnswer(StripeError.invalidKey(shown(key)));
        }
        return access;
    }

    /** A key as Stripe's messages show it: its prefix and last four characters. */
    private static String shown(String key) {
        return key.length() <= 12 ? "****" : key.substring(0, 8) + "****" + key.substring(key.length() - 4);
    }

    private JsonObject create(String account, Map<String, List<String>> form) {
        if (endpoints.values().stream().filter(e -> e.account.equals(account)).count() >= ENDPOINT_LIMIT) {
            throw new StripeErrorAnswer(StripeError.endpointLimit(ENDPOINT_LIMIT));
        }
        String url = single(form, "url")
                .orElseThrow(() -> new StripeErrorAnswer(StripeError.invalid("url", "Missing required param: url.")));
        List<String> events = events(form)
                .orElseThrow(() -> new StripeErrorAnswer(
                        StripeError.invalid("enabled_events", "Missing required param: enabled_events.")));
        validUrl(url);
        StoredEndpoint endpoint = new StoredEndpoint(
                account,
                "we_" + hex(12),
                clock.instant().getEpochSecond(),
                single(form, "api_version").orElse(defaultApiVersion),
                newSecret());
        endpoint.url = url;
        endpoint.enabledEvents = events;
        endpoint.description = single(form, "description").orElse(null);
        metadata(form).forEach((k, v) -> endpoint.metadata.put(k, v));
        endpoints.put(endpoint.id, endpoint);
        return endpoint.toJson(true);
    }

    private JsonObject update(StoredEndpoint endpoint, Map<String, List<String>> form) {
        Optional<String> url = single(form, "url");
        url.ifPresent(StripeStandIn::validUrl);
        url.ifPresent(u -> endpoint.url = u);
        events(form).ifPresent(events -> endpoint.enabledEvents = events);
        single(form, "disabled").ifPresent(disabled -> endpoint.disabled = Boolean.parseBoolean(disabled));
        single(form, "description").ifPresent(description -> endpoint.description = description);
        metadata(form).forEach((k, v) -> {
            if (v.isEmpty()) {
                endpoint.metadata.remove(k);
            } else {
                endpoint.metadata.put(k, v);
            }
        });
        return endpoint.toJson(false);
    }

    /** Newest first, as Stripe lists; {@code limit} (1 to 100, default 10) and {@code starting_after} page. */
    private JsonObject list(String account, Map<String, List<String>> form) {
        int limit = single(form, "limit").map(Integer::parseInt).orElse(10);
        if (limit < 1 || limit > 100) {
            throw new StripeErrorAnswer(StripeError.invalid("limit", "This value must be between 1 and 100."));
        }
        List<StoredEndpoint> newestFirst = endpoints.values().stream()
                .filter(e -> e.account.equals(account))
                .toList()
                .reversed();
        int from = 0;
        Optional<String> after = single(form, "starting_after");
        if (after.isPresent()) {
            from = newestFirst.stream().map(e -> e.id).toList().indexOf(after.get()) + 1;
        }
        List<StoredEndpoint> page =
                newestFirst.subList(Math.min(from, newestFirst.size()), Math.min(from + limit, newestFirst.size()));
        JsonArray data = new JsonArray();
        page.forEach(e -> data.add(e.toJson(false)));
        JsonObject list = new JsonObject();
        list.addProperty("object", "list");
        list.add("data", data);
        list.addProperty("has_more", from + limit < newestFirst.size());
        list.addProperty("url", BASE);
        return list;
    }

    private static void validUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new StripeErrorAnswer(StripeError.invalid("url", "Invalid URL: " + url));
            }
        } catch (java.net.URISyntaxException e) {
            throw new StripeErrorAnswer(StripeError.invalid("url", "Invalid URL: " + url));
        }
    }

    private static Optional<List<String>> events(Map<String, List<String>> form) {
        List<String> events = form.entrySet().stream()
                .filter(e -> e.getKey().startsWith("enabled_events["))
                .flatMap(e -> e.getValue().stream())
                .toList();
        for (String event : events) {
            if (!EVENT_TYPE.matcher(event).matches()) {
                throw new StripeErrorAnswer(StripeError.invalid(
                        "enabled_events", "Invalid enabled_events: '" + event + "' is not a valid event type."));
            }
        }
        return events.isEmpty() ? Optional.empty() : Optional.of(events);
    }

    private static Map<String, String> metadata(Map<String, List<String>> form) {
        Map<String, String> metadata = new LinkedHashMap<>();
        form.forEach((key, values) -> {
            if (key.startsWith("metadata[") && key.endsWith("]")) {
                metadata.put(key.substring("metadata[".length(), key.length() - 1), values.getLast());
            }
        });
        return metadata;
    }

    private static Optional<String> single(Map<String, List<String>> form, String name) {
        return Optional.ofNullable(form.get(name)).map(List::getLast);
    }

    private String newSecret() {
        return "whsec_" + hex(16);
    }

    private String hex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        deliveries.close();
    }
}
