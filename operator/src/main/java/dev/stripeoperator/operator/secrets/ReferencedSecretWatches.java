package dev.stripeoperator.operator.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;

/**
 * Watches exactly the user-owned Secrets that endpoints reference, one informer per Secret selected by name, instead
 * of caching every Secret of the watched namespaces: the operator holds no Secret it has no business with, and a
 * change to a referenced one still reconciles its endpoints at once. A watch starts when an endpoint first
 * references the Secret and stops once none does.
 */
public final class ReferencedSecretWatches extends AbstractEventSource<Secret, StripeWebhookEndpoint> {

    private final KubernetesClient client;
    private final Function<String, Set<ResourceID>> referrers;
    private final Map<String, SharedIndexInformer<Secret>> informers = new ConcurrentHashMap<>();
    /**
     * The version of each Secret that reconciles read directly while its watch had not listed it yet, or
     * {@link #VERSIONS_DIFFER}: the watch's first listing reconciles nobody when it finds what they all read.
     */
    private final Map<String, String> readBeforeListed = new ConcurrentHashMap<>();

    /** The Secrets each endpoint referenced when last reconciled, by their keys. */
    private final Map<ResourceID, Set<String>> referenced = new ConcurrentHashMap<>();

    private static final String ABSENT = "absent";
    private static final String VERSIONS_DIFFER = "versions differ";

    /**
     * @param referrers the endpoints that reference a Secret, by its {@code namespace/name} key
     */
    public ReferencedSecretWatches(String name, KubernetesClient client, Function<String, Set<ResourceID>> referrers) {
        super(Secret.class, name);
        this.client = client;
        this.referrers = referrers;
    }

    /** The {@code namespace/name} key of a Secret. */
    public static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The keys of the Secrets {@code endpoint} references. */
    public static Set<String> keysOf(StripeWebhookEndpoint endpoint) {
        return ReferencedSecrets.namesReferencedBy(endpoint).stream()
                .map(name -> key(endpoint.getMetadata().getNamespace(), name))
                .collect(Collectors.toSet());
    }

    /**
     * The Secret as last seen, starting its watch when it has none yet. Until the watch has listed it, the Secret
     * is read directly, so a first reconcile does not wait for the watch to start; the watch's first listing
     * reconciles again only the endpoints that may have read another version.
     */
    public Optional<Secret> get(String namespace, String name) {
        String key = key(namespace, name);
        SharedIndexInformer<Secret> watched = informers.get(key);
        if (watched != null && watched.hasSynced()) {
            return watched.getStore().list().stream().findFirst();
        }
        // Read and noted before the watch starts, or its first listing could come first and reconcile everybody.
        Optional<Secret> read = Optional.ofNullable(
                client.secrets().inNamespace(namespace).withName(name).get());
        readBeforeListed.merge(key, versionOf(read), (a, b) -> a.equals(b) ? a : VERSIONS_DIFFER);
        informers.computeIfAbsent(key, k -> {
            SharedIndexInformer<Secret> started =
                    client.secrets().inNamespace(namespace).withName(name).runnableInformer(0);
            started.addEventHandler(new Handler(k));
            started.start();
            return started;
        });
        return read;
    }

    private static String versionOf(Optional<Secret> secret) {
        return secret.map(ReferencedSecrets::version).orElse(ABSENT);
    }

    /**
     * Remembers the Secrets {@code endpoint} references now and stops the watches of those it no longer does that no
     * other endpoint references: a reconcile looks at what its endpoint let go of, never at every watch.
     */
    public void references(StripeWebhookEndpoint endpoint) {
        ResourceID id = ResourceID.fromResource(endpoint);
        Set<String> now = keysOf(endpoint);
        Set<String> before = referenced.put(id, now);
        if (before != null) {
            before.stream().filter(key -> !now.contains(key)).forEach(key -> stopUnlessReferenced(key, id));
        }
    }

    /** Forgets a deleted endpoint, stopping the watches of its Secrets that no other endpoint references. */
    public void forget(StripeWebhookEndpoint endpoint) {
        ResourceID id = ResourceID.fromResource(endpoint);
        Set<String> before = referenced.remove(id);
        if (before != null) {
            before.forEach(key -> stopUnlessReferenced(key, id));
        }
    }

    /**
     * {@code leaving} may still be in the cache, deleted or in its former version. An endpoint that references the
     * Secret is in the cache before it is reconciled and asks for the watch, so no watch stopped here is one it uses.
     */
    private void stopUnlessReferenced(String key, ResourceID leaving) {
        informers.computeIfPresent(key, (k, informer) -> {
            if (referrers.apply(k).stream().anyMatch(other -> !other.equals(leaving))) {
                return informer;
            }
            informer.stop();
            readBeforeListed.remove(k);
            return null;
        });
    }

    /** The Secrets the endpoint references that are being watched and exist. */
    @Override
    public Set<Secret> getSecondaryResources(StripeWebhookEndpoint endpoint) {
        String namespace = endpoint.getMetadata().getNamespace();
        return ReferencedSecrets.namesReferencedBy(endpoint).stream()
                .map(name -> informers.get(key(namespace, name)))
                .filter(informer -> informer != null)
                .flatMap(informer -> informer.getStore().list().stream())
                .collect(Collectors.toSet());
    }

    @Override
    public Status getStatus() {
        return informers.values().stream().allMatch(SharedIndexInformer::isWatching)
                ? Status.HEALTHY
                : Status.UNHEALTHY;
    }

    @Override
    public void stop() {
        informers.values().forEach(SharedIndexInformer::stop);
        informers.clear();
        readBeforeListed.clear();
        referenced.clear();
        super.stop();
    }

    /** Any change to a watched Secret reconciles the endpoints that reference it. */
    private final class Handler implements ResourceEventHandler<Secret> {
        private final String key;

        Handler(String key) {
            this.key = key;
        }

        /**
         * The first listing of a Secret that every reconcile before it read directly in this very version tells them
         * nothing new: a Secret shared by many endpoints would otherwise reconcile all of them once more.
         */
        @Override
        public void onAdd(Secret secret) {
            if (!versionOf(Optional.of(secret)).equals(readBeforeListed.remove(key))) {
                changed();
            }
        }

        @Override
        public void onUpdate(Secret before, Secret after) {
            changed();
        }

        @Override
        public void onDelete(Secret secret, boolean finalStateUnknown) {
            changed();
        }

        private void changed() {
            if (isRunning()) {
                referrers.apply(key).forEach(endpoint -> getEventHandler().handleEvent(new Event(endpoint)));
            }
        }
    }
}
