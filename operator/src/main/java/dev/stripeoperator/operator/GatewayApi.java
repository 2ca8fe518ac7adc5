package dev.stripeoperator.operator;

import java.time.Duration;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Whether the cluster serves the Gateway API's HTTPRoute, asked at most once per interval so that
 * installing it later is noticed. Without permission to read CRDs (a namespaced installation), API
 * discovery answers instead.
 */
public final class GatewayApi {

    static final String HTTPROUTE_CRD = "httproutes.gateway.networking.k8s.io";

    private final long recheckNanos;
    private long checkedAt;
    private boolean checked;
    private boolean installed;

    /** Asks the API server again at most every {@code recheckInterval}. */
    public GatewayApi(Duration recheckInterval) {
        this.recheckNanos = recheckInterval.toNanos();
    }

    /** Whether HTTPRoutes can be created. */
    public synchronized boolean installed(KubernetesClient client) {
        long now = System.nanoTime();
        if (!checked || now - checkedAt >= recheckNanos) {
            installed = ask(client);
            checked = true;
            checkedAt = now;
        }
        return installed;
    }

    private static boolean ask(KubernetesClient client) {
        try {
            return client.resources(CustomResourceDefinition.class).withName(HTTPROUTE_CRD).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return client.supports(HTTPRoute.class);
            }
            throw e;
        }
    }
}
