package dev.stripeoperator.operator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.stripeoperator.localcluster.AuditEvent;
import dev.stripeoperator.localcluster.LocalCluster;
import dev.stripeoperator.operator.endpoint.EndpointConditions;
import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Scale benchmark (not a test): starts the local control plane (build/local-cluster) and the packaged operator
 * ({@code operator/target/operator.jar}) as its own process with a ServiceAccount token, creates N endpoints
 * (default 500) and reports the time until every one is Ready for its current generation, the operator's peak
 * resident memory, and the API requests it made per endpoint, counted in the API server's audit log.
 * Run with {@code make bench-operator} (optionally {@code BENCH_ENDPOINTS=1000}).
 */
public final class OperatorScaleBenchmark {

    private static final int NAMESPACES = 10;
    /** kwok nodes take 110 pods each; 500 endpoints run 1,000 receiver pods. */
    private static final int MIN_NODES = 12;

    /** Clients creating the endpoints at once, as a GitOps sync applying many would. */
    private static final int CREATORS = 8;

    private static final String OPERATOR_NAMESPACE = "stripe-system";
    private static final String OPERATOR_ACCOUNT = "stripe-webhook-operator";

    private OperatorScaleBenchmark() {}

    /**
     * Arguments: number of endpoints, path of operator.jar, cluster directory; environment {@code BENCH_MEMORY}: the
     * operator container's memory limit as a Kubernetes quantity (unset: the chart's); {@code BENCH_JAVA_OPTIONS}: its
     * JVM options (unset: the chart's).
     */
    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int endpoints = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path jar = Path.of(args.length > 1 ? args[1] : "target/operator.jar");
        Path repository = LocalCluster.repositoryRoot(Path.of(""));
        ChartOperatorContainer chart =
                ChartOperatorContainer.fromValues(repository.resolve("helm/stripe-webhook-operator/values.yaml"));
        String memorySetting = System.getenv().getOrDefault("BENCH_MEMORY", "");
        Quantity memory = memorySetting.isBlank() ? chart.memoryLimit() : new Quantity(memorySetting);
        long memoryBytes = Quantity.getAmountInBytes(memory).longValueExact();
        if (memoryBytes < 64L << 20) {
            throw new IllegalArgumentException("the operator's memory limit " + memory
                    + " is under 64Mi; give a Kubernetes quantity such as 512Mi");
        }
        Path clusterDir = Path.of(args.length > 2 ? args[2] : "target/bench-cluster");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Room for every receiver pod, two per endpoint, with a tenth to spare.
        int nodes = Math.max(MIN_NODES, (2 * endpoints + 99) / 100);

        try (LocalCluster cluster = LocalCluster.start(repository, clusterDir, nodes, System.out::println)) {
            KubernetesClient client = cluster.admin();
            long floorMillis = -1;
            String floorCpu = "";
            if (!"0".equals(System.getenv("BENCH_FLOOR"))) {
                CpuByProcess before = CpuByProcess.snapshot();
                floorMillis = clusterFloor(client, endpoints);
                floorCpu = CpuByProcess.snapshot()
                        .since(before, Map.of(ProcessHandle.current().pid(), "benchmark"));
            }
            OperatorEnvironment.loadCrds().forEach(crd -> OperatorEnvironment.installCrd(client, crd));
            String user = operatorAccount(client);
            for (int n = 0; n < NAMESPACES; n++) {
                String ns = "bench-" + n;
                client.resource(OperatorEnvironment.restrictedNamespace(ns)).create();
                client.resource(Fixtures.secret(ns, "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL)))
                        .create();
                client.resource(Fixtures.secret(ns, "stripe-readonly-key", Map.of("key", Fixtures.API_KEY)))
                        .create();
            }
            for (int i = 0; i < endpoints; i++) {
                client.resource(Fixtures.secret(
                                namespace(i), "ep-" + i + "-whsec", Map.of("whsec", "whsec_bench_" + i)))
                        .create();
            }

            int healthPort = freePort();
            Path kubeconfig = cluster.writeKubeconfig(
                    cluster.serviceAccountConfig(OPERATOR_NAMESPACE, OPERATOR_ACCOUNT, Duration.ofHours(2)),
                    Files.createTempFile("bench-kubeconfig", ".yaml"));
            Path log = Files.createTempFile("operator-bench", ".log");
            // The chart's JVM options, in a memory cgroup with the chart's limit as in its container: the JVM sizes its
            // heap and picks its collector from the limit, not from this machine's 24 GB.
            List<String> command = List.of(java.toString(), "-jar", jar.toString());
            String jvmOptions = System.getenv().getOrDefault("BENCH_JAVA_OPTIONS", "");
            if (jvmOptions.isBlank()) {
                jvmOptions = chart.javaOptions();
            }
            Optional<MemoryCgroup> cgroup = MemoryCgroup.create(
                    "operator-bench-" + ProcessHandle.current().pid(), memoryBytes);
            if (cgroup.isEmpty()) {
                // Without one, the heap at least follows the limit; the collector is then the one this machine gets.
                jvmOptions = "-XX:MaxRAM=" + memoryBytes + " " + jvmOptions;
            }
            ProcessBuilder builder = new ProcessBuilder(
                            cgroup.map(c -> c.wrap(command)).orElse(command))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_TOOL_OPTIONS", jvmOptions);
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            builder.environment().put("OPERATOR_HEALTH_PORT", Integer.toString(healthPort));
            builder.environment().put("LOG_LEVEL", "WARN");
            Process operator = builder.start();
            ResidentMemory rss = new ResidentMemory(operator.pid());
            try {
                awaitReady(healthPort, operator, log);
                Thread sampler = Thread.ofPlatform().daemon().start(rss);
                Instant first = Instant.now();
                CpuByProcess cpuBefore = CpuByProcess.snapshot();
                long start = System.nanoTime();
                ConcurrentCreates.run(
                        endpoints,
                        CREATORS,
                        n -> client.resource(Fixtures.endpoint(namespace(n), "ep-" + n))
                                .create());
                long created = System.nanoTime();
                long[] done = awaitAllReady(client, endpoints, operator, log);
                sampler.interrupt();
                String cpu = CpuByProcess.snapshot()
                        .since(
                                cpuBefore,
                                Map.of(
                                        operator.pid(),
                                        "operator",
                                        ProcessHandle.current().pid(),
                                        "benchmark"));
                long reconciles = reconcilesStarted(healthPort);
                List<AuditEvent> all = cluster.auditLog().events(e -> e.time().isAfter(first) && !watchEnded(e));
                List<AuditEvent> requests =
                        all.stream().filter(e -> e.user().equals(user)).toList();
                long writes = requests.stream().filter(AuditEvent::isWrite).count();

                System.out.printf(
                        "endpoints:                      %d in %d namespaces, %d kwok nodes, etcd %s%n",
                        endpoints, NAMESPACES, nodes, System.getenv().getOrDefault("LOCAL_CLUSTER_ETCD", "disk"));
                System.out.printf(
                        "creating the endpoints took:    %d ms%n", TimeUnit.NANOSECONDS.toMillis(created - start));
                System.out.printf(
                        "all reconciled by the operator: %d ms after the first create (status for the current "
                                + "generation, children applied)%n",
                        TimeUnit.NANOSECONDS.toMillis(done[0] - start));
                System.out.printf(
                        "all Ready (current generation): %d ms after the first create (the cluster's controllers "
                                + "and kwok have run %d receiver pods)%n",
                        TimeUnit.NANOSECONDS.toMillis(done[1] - start), 2 * endpoints);
                if (floorMillis >= 0) {
                    System.out.printf(
                            "the cluster alone:              %d ms for %d Deployments of 2 replicas and their Services,"
                                    + " same clients, before the operator ran (all Ready took %.2fx that)%n",
                            floorMillis,
                            endpoints,
                            TimeUnit.NANOSECONDS.toMillis(done[1] - start) / (double) floorMillis);
                    System.out.println("CPU of the cluster alone (its namespaces' deletion included): " + floorCpu);
                }
                System.out.println("CPU from the first create to all Ready: " + cpu);
                System.out.printf(
                        "operator JVM:                   %s, %s%n",
                        jvmOptions,
                        cgroup.isPresent()
                                ? "in a memory cgroup limited to " + memory + " (the chart's container)"
                                : "NOT in a memory cgroup (could not create one): the collector is this machine's, not"
                                        + " the container's");
                System.out.printf("operator peak RSS:              %.1f MiB (VmHWM)%n", rss.peakKib() / 1024.0);
                if (cgroup.isPresent()) {
                    System.out.printf(
                            "operator cgroup's peak charge:  %.1f MiB (resident memory and page cache, of %s)%n",
                            cgroup.get().peakBytes() / 1048576.0, memory);
                }
                System.out.printf(
                        "operator API requests:          %d (%.1f per endpoint), of them writes: %d (%.1f per endpoint)%n",
                        requests.size(), requests.size() / (double) endpoints, writes, writes / (double) endpoints);
                System.out.printf(
                        "endpoint reconciles started:    %d (%.1f per endpoint; JOSDK's metric, retries included)%n",
                        reconciles, reconciles / (double) endpoints);
                System.out.println("operator requests by verb:      "
                        + perEndpoint(requests, AuditEvent::verb, endpoints).replace("\n", ", "));
                System.out.println("operator writes by verb and resource:");
                perEndpoint(
                                requests.stream().filter(AuditEvent::isWrite).toList(),
                                e -> e.verb() + " " + e.rbacResource(),
                                endpoints)
                        .lines()
                        .forEach(line -> System.out.println("  " + line));
                System.out.printf(
                        "refused requests (4xx/5xx):     %d %s%n",
                        requests.stream().filter(e -> e.code() >= 400).count(),
                        requests.stream()
                                .filter(e -> e.code() >= 400)
                                .collect(Collectors.groupingBy(
                                        (AuditEvent e) -> e.code() + " " + e.verb() + " " + e.rbacResource(),
                                        TreeMap::new,
                                        Collectors.counting())));
                byClient(all, user, endpoints);
            } finally {
                operator.destroy();
                operator.waitFor(10, TimeUnit.SECONDS);
                if (cgroup.isPresent()) {
                    cgroup.get().close();
                }
            }
        }
    }

    /**
     * Prints every client's requests and writes in the run, most writes first: whether the cluster's own work for the
     * pods (controller manager, scheduler, kwok) or the operator's dominates what the API server and etcd do.
     */
    private static void byClient(List<AuditEvent> all, String operatorUser, int endpoints) {
        long allWrites = all.stream().filter(AuditEvent::isWrite).count();
        System.out.printf(
                "every client's API requests:    %d (%.1f per endpoint), of them writes: %d (%.1f per endpoint)%n",
                all.size(), all.size() / (double) endpoints, allWrites, allWrites / (double) endpoints);
        Map<String, List<AuditEvent>> byClient =
                all.stream().collect(Collectors.groupingBy(e -> client(e, operatorUser)));
        byClient.entrySet().stream()
                .sorted(Comparator.comparingLong(
                                (Map.Entry<String, List<AuditEvent>> entry) -> entry.getValue().stream()
                                        .filter(AuditEvent::isWrite)
                                        .count())
                        .reversed())
                .forEach(entry -> {
                    List<AuditEvent> events = entry.getValue();
                    List<AuditEvent> clientWrites =
                            events.stream().filter(AuditEvent::isWrite).toList();
                    System.out.printf(
                            "  %-44s %7d requests %6.1f/endpoint, %7d writes %6.1f/endpoint (%4.1f%% of writes): %s%n",
                            entry.getKey(),
                            events.size(),
                            events.size() / (double) endpoints,
                            clientWrites.size(),
                            clientWrites.size() / (double) endpoints,
                            100.0 * clientWrites.size() / Math.max(1, allWrites),
                            perEndpoint(clientWrites, e -> e.verb() + " " + e.rbacResource(), endpoints)
                                    .replace("\n", ", "));
                });
    }

    /**
     * Who made a request: the operator, else the program (from its User-Agent, as the control plane's components may
     * share one user) and the user, e.g. {@code kube-controller-manager (system:kube-controller-manager)}.
     */
    private static String client(AuditEvent event, String operatorUser) {
        if (event.user().equals(operatorUser)) {
            return "operator";
        }
        String agent = event.userAgent().isEmpty() ? "?" : event.userAgent().split("[/ ]", 2)[0];
        return agent + " (" + event.user() + ")";
    }

    /** Counts by {@code key}, most first, each with its count per endpoint, one per line. */
    private static String perEndpoint(List<AuditEvent> events, Function<AuditEvent, String> key, int endpoints) {
        return events.stream().collect(Collectors.groupingBy(key, Collectors.counting())).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(entry -> String.format(
                        "%s %d (%.2f)", entry.getKey(), entry.getValue(), entry.getValue() / (double) endpoints))
                .collect(Collectors.joining("\n"));
    }

    /**
     * The reconciles of endpoints the operator has started so far, from its {@code /metrics}: work that writes nothing
     * (a reconcile that finds everything as desired) shows here and not in the audit log.
     */
    private static long reconcilesStarted(int port) throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return Math.round(metrics.lines()
                .filter(line -> line.startsWith("operator_sdk_reconciliations_started_total{")
                        && line.contains("kind=\"StripeWebhookEndpoint\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum());
    }

    /** A watch is recorded when it starts and again when it ends: counted once, at its start. */
    private static boolean watchEnded(AuditEvent event) {
        return event.verb().equals("watch") && event.stage().equals("ResponseComplete");
    }

    /**
     * The floor under the operator's time: the cluster alone running as many Deployments of 2 replicas, with Services,
     * in namespaces of their own that are deleted (and gone) before the operator starts.
     */
    private static long clusterFloor(KubernetesClient client, int endpoints) throws InterruptedException {
        List<String> namespaces =
                IntStream.range(0, NAMESPACES).mapToObj(n -> "floor-" + n).toList();
        namespaces.forEach(ns ->
                client.resource(OperatorEnvironment.restrictedNamespace(ns)).create());
        long millis = new ClusterFloor(client, i -> namespaces.get(i % NAMESPACES))
                .measure(endpoints, CREATORS, Math.max(15, endpoints / 100));
        ClusterFloor.deleteNamespaces(client, namespaces, 10);
        return millis;
    }

    /** A ServiceAccount bound to cluster-admin: the benchmark measures the operator, not its RBAC; its user name. */
    private static String operatorAccount(KubernetesClient client) {
        client.resource(OperatorEnvironment.restrictedNamespace(OPERATOR_NAMESPACE))
                .create();
        OperatorEnvironment.clusterAdminAccount(client, OPERATOR_NAMESPACE, OPERATOR_ACCOUNT);
        return "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + OPERATOR_ACCOUNT;
    }

    private static String namespace(int i) {
        return "bench-" + (i % NAMESPACES);
    }

    /**
     * Waits until every endpoint is Ready for its current generation; the time the operator had reconciled every one
     * (its status written for the current generation, the signing Secret's fingerprint in it) and the time all were
     * Ready, in nanos. It watches the endpoints rather than list them all again and again, which would load the API
     * server it measures (500 endpoints every 250 ms: 2,000 objects a second).
     */
    private static long[] awaitAllReady(KubernetesClient client, int endpoints, Process operator, Path log)
            throws InterruptedException {
        try (SharedIndexInformer<StripeWebhookEndpoint> watched =
                client.resources(StripeWebhookEndpoint.class).inAnyNamespace().inform()) {
            return awaitAllReady(watched, endpoints, operator, log);
        }
    }

    private static long[] awaitAllReady(
            SharedIndexInformer<StripeWebhookEndpoint> watched, int endpoints, Process operator, Path log)
            throws InterruptedException {
        long minutes = Math.max(15, endpoints / 100);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        long reconciledAt = 0;
        while (System.nanoTime() < deadline) {
            if (!operator.isAlive()) {
                throw new IllegalStateException("the operator exited with " + operator.exitValue() + "; see " + log);
            }
            List<StripeWebhookEndpoint> current = watched.getStore().list().stream()
                    .filter(e -> e.getStatus() != null
                            && e.getStatus().signingSecrets() != null
                            && e.getMetadata()
                                    .getGeneration()
                                    .equals(e.getStatus().observedGeneration()))
                    .toList();
            if (reconciledAt == 0 && current.size() == endpoints) {
                reconciledAt = System.nanoTime();
            }
            long ready = current.stream()
                    .filter(e -> e.getStatus()
                            .condition(EndpointConditions.READY)
                            .map(c -> "True".equals(c.getStatus()))
                            .orElse(false))
                    .count();
            if (ready == endpoints) {
                return new long[] {reconciledAt, System.nanoTime()};
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not every endpoint was Ready within " + minutes + " minutes; see " + log);
    }

    private static void awaitReady(int port, Process operator, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 600; attempt++) {
            if (!operator.isAlive()) {
                throw new IllegalStateException("the operator exited with " + operator.exitValue() + "; see " + log);
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/readyz"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the operator is still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the operator did not become ready within a minute; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Samples the peak resident set of the operator process, as the kernel counts it (VmHWM). */
    private static final class ResidentMemory implements Runnable {

        private final Path status;
        private final AtomicLong peak = new AtomicLong();

        ResidentMemory(long pid) {
            this.status = Path.of("/proc", Long.toString(pid), "status");
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(read(), Math::max);
                try {
                    Thread.sleep(Duration.ofMillis(200));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long peakKib() {
            return Math.max(peak.get(), read());
        }

        private long read() {
            try {
                return Files.readAllLines(status).stream()
                        .filter(line -> line.startsWith("VmHWM:"))
                        .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                        .findFirst()
                        .orElse(0L);
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
