package dev.stripeoperator.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static dev.stripeoperator.demo.DemoFailure.expect;

/** What the demo prints: its steps, kubectl commands and their output, the receiver's answers, what each scene saw. */
final class Narrator {

    private final PrintStream out;
    private final List<String> summary = new ArrayList<>();

    Narrator(PrintStream out) {
        this.out = out;
    }

    PrintStream out() {
        return out;
    }

    void step(int number, String title) {
        out.printf("%n==> [%d/6] %s%n", number, title);
    }

    /** Prints a kubectl command and what it printed, indented under the step. */
    void shell(DemoCluster cluster, String... args) {
        out.println("    $ kubectl " + String.join(" ", args));
        cluster.kubectl(args).lines().forEach(line -> out.println("    " + line));
    }

    /** Prints {@code kubectl get swe} of the endpoint through this jsonpath template, and what it printed. */
    void endpointJsonpath(DemoCluster cluster, String namespace, String name, String template) {
        shell(cluster, "-n", namespace, "get", "swe", name, "-o", "jsonpath=" + template);
    }

    /** Prints the receiver's answer to a delivery and expects this status with this in its body. */
    void answer(String what, StripeDeliveries.Answer answer, int status, String bodyContains) {
        out.printf("    %-80s → %d %s%n", what, answer.status(), answer.body());
        expect(
                answer.status() == status && answer.body().contains(bodyContains),
                what + ": expected " + status + " with " + bodyContains + ", got " + answer.status() + " "
                        + answer.body());
    }

    /** Remembers a line for the summary. */
    void saw(String line) {
        summary.add(line);
    }

    void printSummary() {
        summary.forEach(line -> out.println("    ✔ " + line));
    }
}
