package dev.stripeoperator.helm;

import java.util.ArrayList;
import java.util.List;

/** The chart linted and rendered by the real helm binary, as release {@value #RELEASE} in {@value #NAMESPACE}. */
final class Helm {

    static final String RELEASE = "swo";
    static final String NAMESPACE = "stripe-system";

    private final Repository repository;
    private final Tool helm;

    Helm(Repository repository) {
        this.repository = repository;
        this.helm = repository.tool("helm");
    }

    /** `helm lint --strict` of the chart with extra arguments such as {@code -f values.yaml}. */
    CommandResult lint(String... arguments) {
        return helm.run(command(List.of("lint", chart(), "--strict", "--namespace", NAMESPACE), arguments));
    }

    /** The rendered objects; fails when helm refuses the values. */
    Manifests template(String... arguments) {
        return Manifests.parse(tryTemplate(arguments).requireSuccess().stdout());
    }

    /** The rendered objects of a release named {@code release} (in the same namespace). */
    Manifests templateRelease(String release, String... arguments) {
        return Manifests.parse(
                helm.run(command(List.of("template", release, chart(), "--namespace", NAMESPACE), arguments))
                        .requireSuccess()
                        .stdout());
    }

    /** `helm template` whatever its outcome, for values that must be refused. */
    CommandResult tryTemplate(String... arguments) {
        return helm.run(command(List.of("template", RELEASE, chart(), "--namespace", NAMESPACE), arguments));
    }

    /** The NOTES.txt that `helm install` would print, from a client-only dry run. */
    String notes(String... arguments) {
        String output = helm.run(command(
                        List.of("install", RELEASE, chart(), "--namespace", NAMESPACE, "--dry-run=client"), arguments))
                .requireSuccess()
                .stdout();
        int notes = output.indexOf("NOTES:\n");
        if (notes < 0) {
            throw new AssertionError("helm install --dry-run printed no NOTES:\n" + output);
        }
        return output.substring(notes + "NOTES:\n".length());
    }

    /** `-f <chart>/ci/<name>`: one of the value sets the chart ships for CI. */
    String[] ciValues(String name) {
        return new String[] {
            "-f", repository.chart().resolve("ci").resolve(name).toString()
        };
    }

    private String chart() {
        return repository.chart().toString();
    }

    private static List<String> command(List<String> fixed, String... arguments) {
        List<String> command = new ArrayList<>(fixed);
        command.addAll(List.of(arguments));
        return command;
    }
}
