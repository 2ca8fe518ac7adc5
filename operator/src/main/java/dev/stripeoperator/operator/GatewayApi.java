package dev.stripeoperator.operator;

import java.time.Duration;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Whether the cluster serves the Gateway API's HTTPRoute, asked through API discovery (which every authenticated
 * client may read, so the operator needs no permission on CRDs) at most once per interval, so that installing it
 * later is noticed.
 */
public final class GatewayApi {

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
        return client.supports(HTTPRoute.class);
    }
}
