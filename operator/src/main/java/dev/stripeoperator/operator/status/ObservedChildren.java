package dev.stripeoperator.operator.status;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

/**
 * The children of an endpoint as the operator's caches show them after the workflow ran.
 *
 * @param signingSecret the operator's signing Secret
 * @param deployment the receiver Deployment
 * @param cronJob the reconcile CronJob
 */
public record ObservedChildren(Optional<Secret> signingSecret, Optional<Deployment> deployment, Optional<CronJob> cronJob) {
}
