package dev.stripeoperator.standin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** One webhook endpoint as the stand-in holds it; guarded by the stand-in's lock. */
final class StoredEndpoint {

    /** A signing secret and when it stops being used; null while it is the endpoint's current one. */
    record ActiveSecret(String value, Instant expiresAt) {}

    final String account;
    final String id;
    final long created;
    final String apiVersion;
    String url;
    List<String> enabledEvents;
    boolean disabled;
    String description;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<ActiveSecret> secrets = new ArrayList<>();

    StoredEndpoint(String account, String id, long created, String apiVersion, String secret) {
        this.account = account;
        this.id = id;
        this.created = created;
        this.apiVersion = apiVersion;
        this.secrets.add(new ActiveSecret(secret, null));
    }

    /** Whether Stripe sends events of {@code type} here. */
    boolean subscribesTo(String type) {
        return !disabled && (enabledEvents.contains("*") || enabledEvents.contains(type));
    }

    /** The secrets Stripe signs with at {@code now}: the current one and rolled ones not yet expired. */
    List<String> secretsAt(Instant now) {
        secrets.removeIf(s -> s.expiresAt() != null && !now.isBefore(s.expiresAt()));
        return secrets.stream().map(ActiveSecret::value).toList();
    }

    /** The object as the API shows it; the secret only in the answer to its creation. */
    JsonObject toJson(boolean withSecret) {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("object", "webhook_endpoint");
        json.addProperty("api_version", apiVersion);
        json.add("application", JsonNull.INSTANCE);
        json.addProperty("created", created);
        if (description == null) {
            json.add("description", JsonNull.INSTANCE);
        } else {
            json.addProperty("description", description);
        }
        JsonArray events = new JsonArray();
        enabledEvents.forEach(events::add);
        json.add("enabled_events", events);
        json.addProperty("livemode", false);
        JsonObject meta = new JsonObject();
        metadata.forEach(meta::addProperty);
        json.add("metadata", meta);
        if (withSecret) {
            json.addProperty("secret", secrets.getFirst().value());
        }
        json.addProperty("status", disabled ? "disabled" : "enabled");
        json.addProperty("url", url);
        return json;
    }
}
