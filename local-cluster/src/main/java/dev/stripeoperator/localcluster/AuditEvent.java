package dev.stripeoperator.localcluster;

import java.time.Instant;
import java.util.Set;

/**
 * One request as the API server's audit log records it.
 *
 * @param stage the audit stage ({@code ResponseComplete}, {@code ResponseStarted} for watches, {@code Panic})
 * @param user the authenticated user, e.g. {@code system:serviceaccount:ns:name}
 * @param pod the pod whose ServiceAccount token made the request (the token the kubelet mounts names it); empty
 *     for other users
 * @param verb the Kubernetes verb ({@code get}, {@code list}, {@code watch}, {@code create}, {@code patch}, …)
 * @param apiGroup the resource's API group, empty for the core group
 * @param resource the resource, e.g. {@code deployments}; empty for non-resource URLs
 * @param subresource e.g. {@code status}, empty when none
 * @param namespace the namespace, empty when cluster-scoped or all namespaces
 * @param name the object's name, empty for collections
 * @param code the HTTP status of the answer
 * @param requestUri the path and query of the request
 * @param userAgent the client's User-Agent, e.g. {@code kube-scheduler/v1.35.4 (linux/amd64) kubernetes/…}: the
 *     control plane's components may share one user, not their agent
 * @param time when the stage was recorded
 */
public record AuditEvent(
        String stage,
        String user,
        String pod,
        String verb,
        String apiGroup,
        String resource,
        String subresource,
        String namespace,
        String name,
        int code,
        String requestUri,
        String userAgent,
        Instant time) {

    private static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");

    /** Whether the request could change stored state. */
    public boolean isWrite() {
        return WRITES.contains(verb);
    }

    /** The resource with its subresource, as RBAC rules name it: {@code deployments}, {@code stripewebhookendpoints/status}. */
    public String rbacResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }
}
