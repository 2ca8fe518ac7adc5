package dev.stripeoperator.operator.status;

import java.util.Collection;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The children of an endpoint as the operator's caches show them after the workflow ran.
 *
 * @param signingSecret the operator's signing Secret
 * @param forwardingKey the operator's forwarding key Secret
 * @param deployment the receiver Deployment
 * @param cronJob the backfill CronJob
 * @param ingress the receiver Ingress
 * @param httpRoute the receiver HTTPRoute (empty when the Gateway API is not installed)
 * @param backfillPods the pods of the backfill Jobs still in the Jobs' history
 * @param jobs the endpoint's backfill Jobs and the Jobs of replays of it, running or not
 */
public record ObservedChildren(
        Optional<Secret> signingSecret,
        Optional<Secret> forwardingKey,
        Optional<Deployment> deployment,
        Optional<CronJob> cronJob,
        Optional<Ingress> ingress,
        Optional<HTTPRoute> httpRoute,
        Collection<Pod> backfillPods,
        Collection<Job> jobs) {}
