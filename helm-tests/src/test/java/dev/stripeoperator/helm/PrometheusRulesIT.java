package dev.stripeoperator.helm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's PrometheusRule is valid for Prometheus ({@code promtool check rules}) and its alerts fire exactly where
 * their unit tests on synthetic series say ({@code promtool test rules}, prometheus/stripe-webhooks.test.yaml).
 */
class PrometheusRulesIT {

    /**
     * The values that render every alert: the rules, and the PodMonitor and ServiceMonitor whose targets the
     * absent-target alerts watch (rendered only with them).
     */
    static final String[] EVERY_ALERT = {
        "--set", "monitoring.prometheusRule.enabled=true",
        "--set", "monitoring.podMonitor.enabled=true",
        "--set", "metrics.serviceMonitor.enabled=true"
    };

    /** Where the rendered rules say docs/monitoring.md is published (the promtool tests expect it). */
    private static final String RUNBOOKS = "https://runbooks.example.com/monitoring.md";

    private static final String RULES = "stripe-webhooks.rules.yaml";
    private static final String TESTS = "stripe-webhooks.test.yaml";

    private static Tool promtool;
    private static Map<String, Object> groups;

    @BeforeAll
    static void renderTheRules() {
        Repository repository = Repository.current();
        promtool = repository.builtTool("promtool");
        GenericKubernetesResource rule = new Helm(repository)
                        .template(Stream.concat(
                                        Stream.of(EVERY_ALERT),
                                        Stream.of("--set", "monitoring.prometheusRule.runbookUrl=" + RUNBOOKS))
                                .toArray(String[]::new))
                        .all(GenericKubernetesResource.class)
                        .stream()
                        .filter(object -> object.getKind().equals("PrometheusRule"))
                        .findFirst()
                        .orElseThrow(() ->
                                new AssertionError("monitoring.prometheusRule.enabled rendered no PrometheusRule"));
        groups = rule.get("spec");
    }

    @Test
    void theRulesAreCheckedByThePinnedPrometheus3() {
        CommandResult version = promtool.run(List.of("--version")).requireSuccess();

        assertThat(version.stdout() + version.stderr()).containsPattern("promtool, version 3\\.\\d+\\.\\d+");
    }

    @Test
    void promtoolAcceptsTheRules(@TempDir Path dir) throws IOException {
        Path rules = writeRules(dir);

        CommandResult check =
                promtool.run(List.of("check", "rules", rules.toString())).requireSuccess();

        assertThat(check.stdout()).contains("SUCCESS: " + alertNames().size() + " rules found");
    }

    @Test
    void everyAlertFiresAndStaysSilentAsItsUnitTestsSay(@TempDir Path dir) throws IOException {
        writeRules(dir);
        Path tests = dir.resolve(TESTS);
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/prometheus/" + TESTS))) {
            Files.copy(in, tests);
        }

        CommandResult result = promtool.run(List.of("test", "rules", tests.toString()));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItDoesNot() throws IOException {
        Map<String, Object> unitTests;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/prometheus/" + TESTS))) {
            unitTests = Serialization.unmarshal(in, Map.class);
        }
        Map<Boolean, List<String>> cases = ((List<Map<String, Object>>) unitTests.get("tests"))
                .stream()
                        .flatMap(test -> ((List<Map<String, Object>>) test.get("alert_rule_test")).stream())
                        .collect(Collectors.partitioningBy(
                                test -> !((List<?>) test.get("exp_alerts")).isEmpty(),
                                Collectors.mapping(test -> (String) test.get("alertname"), Collectors.toList())));

        assertThat(cases.get(true)).as("alerts with a case where they fire").containsAll(alertNames());
        assertThat(cases.get(false))
                .as("alerts with a case where they stay silent")
                .containsAll(alertNames());
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasASeverityASummaryAndARunbook() {
        List<Map<String, Object>> rules = rules();

        assertThat(rules).allSatisfy(rule -> {
            assertThat((Map<String, String>) rule.get("labels"))
                    .as("%s", rule.get("alert"))
                    .containsKey("severity")
                    .extractingByKey("severity")
                    .isIn("warning", "critical");
            assertThat((Map<String, String>) rule.get("annotations"))
                    .as("%s", rule.get("alert"))
                    .containsKeys("summary", "description")
                    .containsEntry(
                            "runbook_url",
                            RUNBOOKS + "#" + ((String) rule.get("alert")).toLowerCase(java.util.Locale.ROOT));
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRunbookLinkAndEveryDocReferenceOfTheAlertsLeadsToAHeadingOfTheDocs() {
        // runbookUrl is where docs/monitoring.md is published: each runbook_url is that file with an anchor.
        Path root = Repository.current().root();
        MarkdownDocument runbooks = MarkdownDocument.read(root.resolve("docs/monitoring.md"));
        DocumentLinks links = new DocumentLinks(root);

        assertThat(rules()).allSatisfy(rule -> {
            Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
            String runbook = annotations.get("runbook_url");
            assertThat(runbook).startsWith(RUNBOOKS + "#");
            assertThat(runbooks.anchors())
                    .as("the heading %s of docs/monitoring.md", runbook)
                    .contains(runbook.substring(RUNBOOKS.length() + 1));
            assertThat(links.textProblems(annotations.get("description"))).isEmpty();
        });
        assertThat(rules().stream()
                        .map(rule -> ((Map<String, String>) rule.get("annotations")).get("description"))
                        .filter(description -> description.contains("docs/monitoring.md, \"")))
                .as("alerts that point at a section of the docs")
                .isNotEmpty();
    }

    private static Path writeRules(Path dir) throws IOException {
        return Files.writeString(dir.resolve(RULES), Serialization.asYaml(groups));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() {
        return ((List<Map<String, Object>>) groups.get("groups"))
                .stream()
                        .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                        .toList();
    }

    private static List<String> alertNames() {
        return rules().stream().map(rule -> (String) rule.get("alert")).toList();
    }
}
