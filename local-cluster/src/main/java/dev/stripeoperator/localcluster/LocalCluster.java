package dev.stripeoperator.localcluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real Kubernetes control plane on loopback (etcd, kube-apiserver, controller manager, scheduler, kwok
 * nodes), started by {@code build/local-cluster} from the binaries {@code build/control-plane} builds.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    private final Path repository;
    private final Path directory;
    private final Config adminConfig;
    private final KubernetesClient admin;

    private LocalCluster(Path repository, Path directory, Config adminConfig) {
        this.repository = repository;
        this.directory = directory;
        this.adminConfig = adminConfig;
        this.admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
    }

    /**
     * Builds the control plane when it is not built yet, stops a cluster left running under {@code directory} by
     * an earlier run, and starts a fresh one there with {@code nodes} kwok nodes. Progress lines go to
     * {@code progress}.
     */
    public static LocalCluster start(Path repository, Path directory, int nodes, Consumer<String> progress) {
        Consumer<String> lines = line -> {
            if (line.startsWith("control-plane:") || line.startsWith("local-cluster:")) {
                progress.accept(line);
            }
        };
        Path root = repository.toAbsolutePath().normalize();
        Path dir = directory.toAbsolutePath().normalize();
        run(lines, BUILD_TIMEOUT, root.resolve("build/control-plane").toString());
        if (Files.isDirectory(dir.resolve("kwok"))) {
            run(lines, START_TIMEOUT, root.resolve("build/local-cluster").toString(), "stop", dir.toString());
            deleteRecursively(dir);
        }
        run(
                lines,
                START_TIMEOUT,
                root.resolve("build/local-cluster").toString(),
                "start",
                dir.toString(),
                Integer.toString(nodes));
        try {
            String kubeconfig = Files.readString(dir.resolve("kubeconfig"));
            Config config = Config.fromKubeconfig(
                    null, kubeconfig, dir.resolve("kubeconfig").toString());
            return new LocalCluster(root, dir, config);
        } catch (IOException e) {
            throw new UncheckedIOException("the cluster under " + dir + " wrote no kubeconfig", e);
        }
    }

    /** The repository's root, where {@code build/} lives, found upwards from {@code start}. */
    public static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("build/local-cluster"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no build/local-cluster in " + start.toAbsolutePath() + " or above it; " + "run from the repository");
    }

    /** The admin kubeconfig file, for kubectl and helm. */
    public Path kubeconfig() {
        return directory.resolve("kubeconfig");
    }

    /** The directory the cluster keeps its data, logs and kubeconfig in. */
    public Path directory() {
        return directory;
    }

    /** The repository the cluster was started from. */
    public Path repository() {
        return repository;
    }

    /** A client with the cluster admin's identity; closed with the cluster. */
    public KubernetesClient admin() {
        return admin;
    }

    /** The admin's client configuration, for clients with other settings. */
    public Config adminConfig() {
        return adminConfig;
    }

    /**
     * The Gateway API's standard CRD file of {@code resource} (e.g. {@code httproutes}), at the version
     * {@code build/gateway-api-crds} pins, for tests that install the Gateway API.
     */
    public Path gatewayApiCrd(String resource) {
        return crdFile("build/gateway-api-crds", "gateway.networking.k8s.io_" + resource + ".yaml");
    }

    /**
     * The Prometheus Operator's CRD file of {@code resource} (e.g. {@code podmonitors}), at the version
     * {@code build/prometheus-operator-crds} pins, for tests that install the chart with its monitoring.
     */
    public Path prometheusOperatorCrd(String resource) {
        return crdFile("build/prometheus-operator-crds", "monitoring.coreos.com_" + resource + ".yaml");
    }

    /** A file in the directory that {@code script} (which downloads a module's CRDs) prints. */
    private Path crdFile(String script, String name) {
        List<String> printed =
                run(line -> {}, START_TIMEOUT, repository.resolve(script).toString());
        Path file = Path.of(printed.getLast()).resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(script + " gave no CRD file " + file);
        }
        return file;
    }

    /** Runs kubectl (installed by {@code make tools}) against this cluster; what it printed. Fails with its output. */
    public String kubectl(String... args) {
        return tool("kubectl", args);
    }

    /** Runs helm (installed by {@code make tools}) against this cluster; what it printed. Fails with its output. */
    public String helm(String... args) {
        return tool("helm", args);
    }

    private String tool(String name, String... args) {
        Path binary = repository.resolve(".tools/bin").resolve(name);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(name + " is missing at " + binary + "; run `make tools`");
        }
        List<String> command = new ArrayList<>(
                List.of(binary.toString(), "--kubeconfig", kubeconfig().toString()));
        command.addAll(List.of(args));
        return String.join("\n", run(line -> {}, START_TIMEOUT, command.toArray(String[]::new)));
    }

    /** The API server's audit log. */
    public AuditLog auditLog() {
        return new AuditLog(directory.resolve("audit.log"));
    }

    /**
     * A client configuration that authenticates as a ServiceAccount with a token the API server issues
     * (TokenRequest), as a pod running under that ServiceAccount would.
     */
    public Config serviceAccountConfig(String namespace, String serviceAccount, Duration validity) {
        TokenRequest request = admin.serviceAccounts()
                .inNamespace(namespace)
                .withName(serviceAccount)
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(validity.toSeconds())
                        .endSpec()
                        .build());
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(adminConfig.getMasterUrl())
                .withCaCertData(adminConfig.getCaCertData())
                .withCaCertFile(adminConfig.getCaCertFile())
                .withOauthToken(request.getStatus().getToken())
                .withNamespace(namespace)
                .build();
    }

    /**
     * Writes a kubeconfig file for a token configuration such as {@link #serviceAccountConfig}, for a process that
     * takes the usual client configuration ({@code KUBECONFIG}), e.g. the packaged operator.
     */
    public Path writeKubeconfig(Config config, Path file) {
        String caData = config.getCaCertData() != null ? config.getCaCertData() : caDataOf(config.getCaCertFile());
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: local
                  cluster: { server: "%s", certificate-authority-data: "%s" }
                users:
                - name: token
                  user: { token: "%s" }
                contexts:
                - name: local
                  context: { cluster: local, user: token, namespace: "%s" }
                current-context: local
                """.formatted(config.getMasterUrl(), caData, config.getOauthToken(), config.getNamespace());
        try {
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String caDataOf(String caFile) {
        try {
            return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(caFile)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster's CA " + caFile, e);
        }
    }

    /** Stops every process the cluster started. */
    @Override
    public void close() {
        admin.close();
        run(
                line -> {},
                START_TIMEOUT,
                repository.resolve("build/local-cluster").toString(),
                "stop",
                directory.toString());
    }

    /** Runs {@code command}, passing each line it prints to {@code progress}; every line it printed. */
    private static List<String> run(Consumer<String> progress, Duration timeout, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        List<String> output = new ArrayList<>();
        try {
            Process process = builder.start();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (output) {
                            output.add(line);
                        }
                        progress.accept(line);
                    }
                } catch (IOException e) {
                    // The process ended; what it printed so far is reported below.
                }
            });
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            reader.join(Duration.ofSeconds(5));
            if (process.exitValue() != 0) {
                synchronized (output) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "):\n"
                            + String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())));
                }
            }
            synchronized (output) {
                return List.copyOf(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
