package dev.stripeoperator.operator.status;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.KubernetesApi;
import dev.stripeoperator.operator.endpoint.ConditionReason;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The conditions that show an endpoint's Jobs while they run, before their results reach the status: its backfill
 * Jobs (scheduled, or started by hand from the CronJob) and the Jobs of StripeWebhookReplays of it.
 */
final class RunningJobs {

    /** Job conditions that mean its pods have ended or are being ended. */
    private static final List<String> ENDED = List.of("Complete", "Failed", "SuccessCriteriaMet", "FailureTarget");

    private final List<Job> running;

    RunningJobs(Collection<Job> jobs) {
        this.running = jobs.stream().filter(RunningJobs::isRunning).toList();
    }

    /** BackfillRunning: a backfill Job runs, or none. */
    void backfill(Conditions conditions) {
        List<Job> backfills = of(KubernetesApi.COMPONENT_BACKFILL);
        if (backfills.isEmpty()) {
            conditions.add(
                    ConditionReason.BACKFILL_IDLE,
                    false,
                    "no backfill Job is running; the last run's result is status.lastReconciliation");
        } else {
            conditions.add(
                    ConditionReason.BACKFILL_JOB_RUNNING,
                    true,
                    backfills.stream()
                                    .map(job -> "Job " + job.getMetadata().getName() + " runs since " + since(job))
                                    .collect(Collectors.joining("; "))
                            + "; its result becomes status.lastReconciliation");
        }
    }

    /** ReplayRunning: a replay's Job works this endpoint's events, or none. */
    void replay(Conditions conditions) {
        List<Job> replays = of(KubernetesApi.COMPONENT_REPLAY);
        if (replays.isEmpty()) {
            conditions.add(ConditionReason.REPLAY_IDLE, false, "no StripeWebhookReplay of this endpoint is running");
        } else {
            conditions.add(
                    ConditionReason.REPLAY_JOB_RUNNING,
                    true,
                    replays.stream()
                            .map(job -> "StripeWebhookReplay "
                                    + job.getMetadata().getLabels().get(KubernetesApi.REPLAY_LABEL) + " ("
                                    + command(job) + ", Job "
                                    + job.getMetadata().getName() + ") runs since "
                                    + since(job) + "; its result is in its status")
                            .collect(Collectors.joining("; ")));
        }
    }

    private List<Job> of(String component) {
        return running.stream()
                .filter(job -> component.equals(job.getMetadata().getLabels().get(KubernetesApi.COMPONENT_LABEL)))
                .sorted(Comparator.comparing(job -> job.getMetadata().getName()))
                .toList();
    }

    private static boolean isRunning(Job job) {
        return job.getStatus() == null
                || job.getStatus().getConditions() == null
                || job.getStatus().getConditions().stream()
                        .noneMatch(c -> ENDED.contains(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String since(Job job) {
        return job.getStatus() != null && job.getStatus().getStartTime() != null
                ? job.getStatus().getStartTime()
                : job.getMetadata().getCreationTimestamp();
    }

    /** The receiver command the Job runs, its first argument: replay or discard. */
    private static String command(Job job) {
        return Optional.ofNullable(job.getSpec().getTemplate().getSpec().getContainers())
                .flatMap(containers -> containers.stream().findFirst())
                .map(Container::getArgs)
                .filter(args -> !args.isEmpty())
                .map(List::getFirst)
                .orElse("replay");
    }
}
