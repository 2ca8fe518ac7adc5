package dev.stripeoperator.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A real Kubernetes control plane on loopback (etcd, kube-apiserver, controller manager, scheduler, kwok
 * nodes, and optionally a real node whose pods run in containers), started by {@code build/local-cluster} from the
 * binaries {@code build/control-plane} builds.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration IMAGES_TIMEOUT = Duration.ofMinutes(10);

    private final Path repository;
    private final Path directory;
    private final Config adminConfig;
    private final KubernetesClient admin;
    private final RealNode realNode;
    private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread stopOnExit;

    private LocalCluster(Path repository, Path directory, Config adminConfig, RealNode realNode) {
        this.repository = repository;
        this.directory = directory;
        this.adminConfig = adminConfig;
        this.realNode = realNode;
        this.admin = new KubernetesClientBuilder().withConfig(adminConfig).build();
        // Ctrl-C or a killed test run must not leave processes, mounts, devices or rules of a real node behind.
        this.stopOnExit = new Thread(this::close, "local-cluster-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Builds the control plane when it is not built yet, stops a cluster left running under {@code directory} by
     * an earlier run, and starts a fresh one there with {@code nodes} kwok nodes. Progress lines go to
     * {@code progress}.
     */
    public static LocalCluster start(Path repository, Path directory, int nodes, Consumer<String> progress) {
        return start(repository, directory, nodes, false, Map.of(), progress);
    }

    /**
     * As {@link #start(Path, Path, int, Consumer)}, with a real node beside the kwok nodes when {@code realNode}
     * ({@code build/real-node}; fails naming what is missing on this machine and the command that installs it), and
     * {@code settings} for the scripts (such as {@code LOCAL_NODE_SYNC_FREQUENCY}).
     */
    public static LocalCluster start(
            Path repository,
            Path directory,
            int nodes,
            boolean realNode,
            Map<String, String> settings,
            Consumer<String> progress) {
        Consumer<String> lines = line -> {
            if (line.startsWith("control-plane:")
                    || line.startsWith("local-cluster:")
                    || line.startsWith("real-node:")
                    || line.startsWith("base-images:")) {
                progress.accept(line);
            }
        };
        Path root = repository.toAbsolutePath().normalize();
        Path dir = directory.toAbsolutePath().normalize();
        String script = root.resolve("build/local-cluster").toString();
        Commands.run(
                lines,
                BUILD_TIMEOUT,
                Map.of(),
                List.of(root.resolve("build/control-plane").toString()));
        if (Files.isDirectory(dir.resolve("kwok")) || Files.isDirectory(dir.resolve("node"))) {
            Commands.run(lines, START_TIMEOUT, Map.of(), List.of(script, "stop", dir.toString()));
            deleteRecursively(dir);
        }
        List<String> start = new ArrayList<>(List.of(script, "start", dir.toString(), Integer.toString(nodes)));
        if (realNode) {
            start.add("--real-node");
        }
        Commands.run(lines, START_TIMEOUT, settings, start);
        try {
            String kubeconfig = Files.readString(dir.resolve("kubeconfig"));
            Config config = Config.fromKubeconfig(
                    null, kubeconfig, dir.resolve("kubeconfig").toString());
            return new LocalCluster(root, dir, config, RealNode.of(dir).orElse(null));
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

    /**
     * Whether this machine can run a real node ({@code build/real-node check}); empty when it can, else what is
     * missing, one line each with the command that installs it.
     */
    public static Optional<String> realNodeMissing(Path repository) {
        try {
            Commands.run(List.of(repository.resolve("build/real-node").toString(), "check"), START_TIMEOUT);
            return Optional.empty();
        } catch (IllegalStateException e) {
            String message = e.getMessage();
            return Optional.of(message.substring(message.indexOf('\n') + 1));
        }
    }

    /** The real node, when the cluster was started with one. */
    public Optional<RealNode> realNode() {
        return Optional.ofNullable(realNode);
    }

    /**
     * Builds the operator and receiver images from the jars Maven packaged, as {@code make images} does, on the local
     * stand-in of their public base image ({@code BASE_IMAGE=local}: no public registry is reachable here), and loads
     * them into the real node; the OCI archives, one per image. Progress lines go to {@code progress}.
     */
    public List<Path> buildAndLoadImages(Consumer<String> progress) {
        if (realNode == null) {
            throw new IllegalStateException("the cluster has no real node to load images into");
        }
        List<Path> archives = Commands.run(
                        line -> {
                            if (line.startsWith("images:") || line.startsWith("base-images:")) {
                                progress.accept(line);
                            }
                        },
                        IMAGES_TIMEOUT,
                        Map.of("BASE_IMAGE", "local"),
                        List.of(repository.resolve("build/images").toString()))
                .stream()
                .filter(line -> line.endsWith(".oci.tar"))
                .map(repository::resolve)
                .toList();
        List<String> load = new ArrayList<>(
                List.of(repository.resolve("build/local-cluster").toString(), "load", directory.toString()));
        archives.forEach(archive -> load.add(archive.toString()));
        Commands.run(progress, START_TIMEOUT, Map.of(), load);
        if (archives.size() != 2) {
            throw new IllegalStateException("build/images made " + archives + ", not the operator and receiver images");
        }
        return archives;
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
        List<String> printed = Commands.run(
                line -> {},
                START_TIMEOUT,
                Map.of(),
                List.of(repository.resolve(script).toString()));
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
        return Commands.run(command, START_TIMEOUT);
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
        if (stopped.compareAndSet(false, true)) {
            admin.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // Called from the hook itself, while the JVM exits.
            }
            Commands.run(
                    List.of(repository.resolve("build/local-cluster").toString(), "stop", directory.toString()),
                    START_TIMEOUT);
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
