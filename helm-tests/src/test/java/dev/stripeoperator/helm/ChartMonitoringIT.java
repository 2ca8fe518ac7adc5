package dev.stripeoperator.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the monitoring values render: a PodMonitor for the receivers, the alerts, and Grafana's dashboard. */
@SuppressWarnings("unchecked") // rendered YAML read as maps and lists
class ChartMonitoringIT {

    private static final String[] ALL_ON = {
        "--set",
        "monitoring.podMonitor.enabled=true",
        "--set",
        "monitoring.prometheusRule.enabled=true",
        "--set",
        "monitoring.dashboard.enabled=true"
    };

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @Test
    void nothingOfItByDefaultSinceItNeedsThePrometheusOperatorsCrds() {
        assertThat(ValueSet.DEFAULTS.render(helm).kinds())
                .doesNotContain("PodMonitor", "PrometheusRule", "ServiceMonitor", "ConfigMap");
    }

    @Test
    void thePodMonitorScrapesEveryEndpointsReceiverPodsByTheLabelsTheOperatorGivesThem() {
        GenericKubernetesResource monitor = only(helm.template(ALL_ON), "PodMonitor");

        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.<Map<String, String>>get("spec", "selector", "matchLabels"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "app.kubernetes.io/name", "stripe-webhook-receiver",
                        "app.kubernetes.io/component", "receiver",
                        "app.kubernetes.io/managed-by", "stripe-webhook-operator"));
        assertThat(monitor.<Boolean>get("spec", "namespaceSelector", "any"))
                .as("cluster mode: every namespace")
                .isTrue();
        assertThat(monitor.<List<Map<String, Object>>>get("spec", "podMetricsEndpoints"))
                .singleElement()
                .satisfies(endpoint -> {
                    assertThat(endpoint)
                            .containsEntry("port", "http")
                            .containsEntry("path", "/observe/metrics")
                            .containsEntry("interval", "30s");
                    assertThat((List<Map<String, Object>>) endpoint.get("relabelings"))
                            .as("the endpoint's name as `endpoint`")
                            .containsExactly(Map.of(
                                    "sourceLabels",
                                    List.of("__meta_kubernetes_pod_label_app_kubernetes_io_instance"),
                                    "targetLabel",
                                    "endpoint",
                                    "action",
                                    "replace"));
                });
    }

    @Test
    void inNamespacedModeThePodMonitorLooksInTheWatchedNamespacesOnly() {
        GenericKubernetesResource monitor = only(
                helm.template(
                        "--set",
                        "monitoring.podMonitor.enabled=true",
                        "--set",
                        "watchNamespaces={payments,shop}",
                        "--set",
                        "monitoring.podMonitor.labels.release=prometheus"),
                "PodMonitor");

        assertThat(monitor.<Map<String, Object>>get("spec", "namespaceSelector"))
                .isEqualTo(Map.of("matchNames", List.of("payments", "shop")));
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    }

    @Test
    void theOperatorsServiceMonitorKeepsTheEndpointLabelsOfItsMetrics() {
        GenericKubernetesResource monitor =
                only(helm.template("--set", "metrics.serviceMonitor.enabled=true"), "ServiceMonitor");

        assertThat(monitor.<List<Map<String, Object>>>get("spec", "endpoints"))
                .singleElement()
                .satisfies(endpoint -> assertThat(endpoint).containsEntry("honorLabels", true));
    }

    @Test
    void theAlertsCarryTheConfiguredLabelsAndThresholds() {
        GenericKubernetesResource rule = only(
                helm.template(
                        "--set",
                        "monitoring.prometheusRule.enabled=true",
                        "--set",
                        "monitoring.prometheusRule.alertLabels.team=payments-platform",
                        "--set",
                        "monitoring.prometheusRule.oldestPendingAgeSeconds=900",
                        "--set",
                        "monitoring.prometheusRule.notReadyFor=5m",
                        "--set",
                        "monitoring.prometheusRule.labels.release=prometheus"),
                "PrometheusRule");

        List<Map<String, Object>> rules = rules(rule);
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(rules)
                .allSatisfy(r ->
                        assertThat((Map<String, String>) r.get("labels")).containsEntry("team", "payments-platform"));
        assertThat(alert(rules, "StripeWebhookOldestPendingEventTooOld").get("expr"))
                .asString()
                .endsWith("> 900");
        assertThat(alert(rules, "StripeWebhookEndpointNotReady")).containsEntry("for", "5m");
        assertThat((Map<String, String>)
                        alert(rules, "StripeWebhookEndpointNotReady").get("annotations"))
                .as("no runbook_url unless runbookUrl is set")
                .doesNotContainKey("runbook_url")
                .extractingByKey("description")
                .asString()
                .contains("for 5m");
    }

    @Test
    void theAbsentTargetAlertsWatchTheJobsOfTheChartsOwnMonitorsAndComeOnlyWithThem() {
        Manifests all = helm.template(PrometheusRulesIT.EVERY_ALERT);
        GenericKubernetesResource podMonitor = only(all, "PodMonitor");
        String metricsService = all.all(io.fabric8.kubernetes.api.model.Service.class).stream()
                .map(service -> service.getMetadata().getName())
                .filter(name -> name.endsWith("-metrics"))
                .findFirst()
                .orElseThrow();
        List<Map<String, Object>> rules = rules(only(all, "PrometheusRule"));

        // The Prometheus Operator's job label: <namespace>/<name> of a PodMonitor, the Service's name for a
        // ServiceMonitor (neither sets jobLabel).
        assertThat(alert(rules, "StripeWebhookReceiversNotScraped").get("expr"))
                .asString()
                .contains("up{job=\"" + podMonitor.getMetadata().getNamespace() + "/"
                        + podMonitor.getMetadata().getName() + "\"}");
        assertThat(alert(rules, "StripeWebhookOperatorDown").get("expr"))
                .asString()
                .contains("up{job=\"" + metricsService + "\", namespace=\"" + Helm.NAMESPACE + "\"}");
        assertThat(alert(rules, "StripeWebhookOperatorReconcileErrors").get("expr"))
                .asString()
                .contains("operator_sdk_reconciliations_failed_total{job=\"" + metricsService + "\"}");
        assertThat(only(all, "PodMonitor").<String>get("spec", "jobLabel")).isNull();
        assertThat(only(all, "ServiceMonitor").<String>get("spec", "jobLabel")).isNull();
        assertThat(rules(only(helm.template("--set", "monitoring.prometheusRule.enabled=true"), "PrometheusRule")))
                .extracting(rule -> (String) rule.get("alert"))
                .as("without the monitors there is no target to miss")
                .doesNotContain(
                        "StripeWebhookReceiversNotScraped",
                        "StripeWebhookOperatorDown",
                        "StripeWebhookOperatorReconcileErrors")
                .contains("StripeWebhookDeadLettersWaiting", "StripeWebhookOldestUndeliveredEventTooOld");
    }

    @Test
    void theDashboardIsAConfigMapForGrafanasSidecarWithTheChartsDashboardFile() throws IOException {
        ConfigMap dashboard = helm.template(ALL_ON).only(ConfigMap.class);
        String file = Files.readString(Repository.current().chart().resolve("dashboards/stripe-webhooks.json"));

        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo(Helm.NAMESPACE);
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData()).containsOnlyKeys("stripe-webhooks.json");
        assertThat(dashboard.getData().get("stripe-webhooks.json").strip()).isEqualTo(file.strip());
        Map<String, Object> json = Serialization.unmarshal(file, Map.class);
        assertThat(json).containsEntry("uid", "stripe-webhooks");
        List<Map<String, Object>> panels = (List<Map<String, Object>>) json.get("panels");
        assertThat(panels)
                .filteredOn(panel -> !"row".equals(panel.get("type")))
                .isNotEmpty()
                .allSatisfy(panel -> assertThat((Map<String, Object>) panel.get("datasource"))
                        .as("%s", panel.get("title"))
                        .containsEntry("uid", "${datasource}"));
        assertThat(panels)
                .extracting(panel -> (String) panel.get("title"))
                .contains(
                        "Deliveries by outcome",
                        "Acknowledgement latency",
                        "Pending events",
                        "Oldest pending event",
                        "Dead letters",
                        "Forwarding latency",
                        "Events recovered by the last reconciliation",
                        "Last reconciliation failed");
    }

    @Test
    void theDashboardGoesWhereGrafanaLooksWithTheLabelsItLooksFor() {
        ConfigMap dashboard = helm.template(
                        "--set",
                        "monitoring.dashboard.enabled=true",
                        "--set",
                        "monitoring.dashboard.namespace=grafana",
                        "--set",
                        "monitoring.dashboard.labels.grafana_dashboard=null",
                        "--set",
                        "monitoring.dashboard.labels.dashboards=stripe",
                        "--set",
                        "monitoring.dashboard.annotations.grafana_folder=Payments")
                .only(ConfigMap.class);

        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("grafana");
        assertThat(dashboard.getMetadata().getLabels())
                .containsEntry("dashboards", "stripe")
                .doesNotContainKey("grafana_dashboard");
        assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Payments");
    }

    private static GenericKubernetesResource only(Manifests manifests, String kind) {
        List<GenericKubernetesResource> found = manifests.all(GenericKubernetesResource.class).stream()
                .filter(object -> object.getKind().equals(kind))
                .toList();
        assertThat(found).as("rendered %s objects", kind).hasSize(1);
        return found.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(GenericKubernetesResource rule) {
        return ((List<Map<String, Object>>) rule.<List<Map<String, Object>>>get("spec", "groups").stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .toList());
    }

    private static Map<String, Object> alert(List<Map<String, Object>> rules, String name) {
        return rules.stream()
                .filter(rule -> name.equals(rule.get("alert")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + name));
    }
}
