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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.status.EndpointConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * Scale benchmark (not a test): starts the CRUD mock API server here and the packaged operator
 * ({@code operator/target/operator.jar}) as its own process, creates N endpoints (default 500) and reports
 * the time until every one has all children and an up-to-date status, and the operator's heap.
 * Run with {@code make bench-operator} (optionally {@code BENCH_ENDPOINTS=1000}).
 */
public final class OperatorScaleBenchmark {

    private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\",[^}]*} ([0-9.E+]+)$", Pattern.MULTILINE);
    private static final int NAMESPACES = 10;

    private OperatorScaleBenchmark() {
    }

    /** Arguments: number of endpoints, path of operator.jar, heap limit of the operator (e.g. 512m). */
    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            // The mock server's threads would otherwise keep the JVM alive.
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int endpoints = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path jar = Path.of(args.length > 1 ? args[1] : "target/operator.jar");
        String maxHeap = args.length > 2 ? args[2] : "512m";
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        KubernetesClient client = server.createClient();
        client.resource(OperatorEnvironment.loadCrd()).create();

        for (int n = 0; n < NAMESPACES; n++) {
            String ns = "bench-" + n;
            client.resource(Fixtures.secret(ns, "stripe-events-db", Map.of("jdbc-url", Fixtures.JDBC_URL))).create();
            client.resource(Fixtures.secret(ns, "stripe-readonly-key", Map.of("key", Fixtures.API_KEY))).create();
        }
        for (int i = 0; i < endpoints; i++) {
            client.resource(Fixtures.secret(namespace(i), "ep-" + i + "-whsec", Map.of("whsec", "whsec_bench_" + i))).create();
        }

        int healthPort = freePort();
        Path kubeconfig = writeKubeconfig(client.getConfiguration().getMasterUrl());
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx" + maxHeap, "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("operator-bench", ".log").toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("OPERATOR_SERVER_SIDE_APPLY", "false");
        builder.environment().put("OPERATOR_HEALTH_PORT", Integer.toString(healthPort));
        builder.environment().put("LOG_LEVEL", "WARN");
        Process operator = builder.start();
        HeapSampler heap = new HeapSampler(healthPort);
        try {
            awaitReady(healthPort, operator);
            Thread sampler = Thread.ofPlatform().daemon().start(heap);

            long start = System.nanoTime();
            // Several clients at once, as a GitOps sync applying many endpoints would.
            try (ExecutorService creators = Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < endpoints; i++) {
                    int n = i;
                    creators.submit(() -> client.resource(Fixtures.endpoint(namespace(n), "ep-" + n)).create());
                }
            }
            long created = System.nanoTime();
            long done = awaitAllReconciled(client, endpoints, operator);
            sampler.interrupt();

            System.out.printf("endpoints:                      %d in %d namespaces%n", endpoints, NAMESPACES);
            System.out.printf("creating the endpoints took:    %d ms%n", TimeUnit.NANOSECONDS.toMillis(created - start));
            System.out.printf("all children + status after:    %d ms (from the first create)%n", TimeUnit.NANOSECONDS.toMillis(done - start));
            System.out.printf("operator heap limit:            -Xmx%s%n", maxHeap);
            System.out.printf("operator peak heap used:        %.1f MiB (sampled every 100 ms)%n", heap.peak.get() / 1048576.0);
            System.out.printf("operator heap used at the end:  %.1f MiB%n", heap.sample() / 1048576.0);
        } finally {
            operator.destroy();
            operator.waitFor(10, TimeUnit.SECONDS);
            client.close();
            server.destroy();
        }
    }

    private static String namespace(int i) {
        return "bench-" + (i % NAMESPACES);
    }

    /**
     * Polls until every endpoint has its six children (signing Secret, Deployment, Service, CronJob,
     * NetworkPolicy, PodDisruptionBudget) and a status for its generation with its fingerprint.
     */
    private static long awaitAllReconciled(KubernetesClient client, int endpoints, Process operator) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!operator.isAlive()) {
                throw new IllegalStateException("the operator exited with " + operator.exitValue());
            }
            if (countReconciled(client) == endpoints
                    && count(client.secrets().inAnyNamespace().withLabel("app.kubernetes.io/component", "signing-secret").list().getItems()) == endpoints
                    && count(client.apps().deployments().inAnyNamespace().list().getItems()) == endpoints
                    && count(client.services().inAnyNamespace().list().getItems()) == endpoints
                    && count(client.batch().v1().cronjobs().inAnyNamespace().list().getItems()) == endpoints
                    && count(client.network().v1().networkPolicies().inAnyNamespace().list().getItems()) == endpoints
                    && count(client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems()) == endpoints) {
                return System.nanoTime();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not every endpoint was reconciled within 15 minutes");
    }

    private static long countReconciled(KubernetesClient client) {
        return client.resources(StripeWebhookEndpoint.class).inAnyNamespace().list().getItems().stream()
                .filter(e -> e.getStatus() != null
                        && e.getMetadata().getGeneration().equals(e.getStatus().observedGeneration())
                        && e.getStatus().signingSecrets() != null
                        && e.getStatus().condition(EndpointConditions.SECRETS_READY).map(c -> "True".equals(c.getStatus())).orElse(false)
                        && e.getStatus().condition(EndpointConditions.RECONCILIATION_SCHEDULED).map(c -> "True".equals(c.getStatus())).orElse(false))
                .count();
    }

    private static int count(List<?> items) {
        return items.size();
    }

    private static void awaitReady(int port, Process operator) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 600; attempt++) {
            if (!operator.isAlive()) {
                throw new IllegalStateException("the operator exited with " + operator.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the operator is still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the operator did not become ready within a minute");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path writeKubeconfig(String masterUrl) throws IOException {
        Path file = Files.createTempFile("bench-kubeconfig", ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: { server: "%s" }
                users:
                - name: bench
                  user: { token: bench }
                contexts:
                - name: mock
                  context: { cluster: mock, user: bench, namespace: default }
                current-context: mock
                """.formatted(masterUrl));
        return file;
    }

    /** Samples the operator's heap in use from its Prometheus metrics and keeps the highest value. */
    private static final class HeapSampler implements Runnable {

        private final HttpClient http = HttpClient.newHttpClient();
        private final URI metrics;
        private final AtomicLong peak = new AtomicLong();

        HeapSampler(int port) {
            this.metrics = URI.create("http://localhost:" + port + "/metrics");
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(sample(), Math::max);
                try {
                    Thread.sleep(Duration.ofMillis(100));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long sample() {
            try {
                String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = HEAP_USED.matcher(body);
                double sum = 0;
                while (m.find()) {
                    sum += Double.parseDouble(m.group(1));
                }
                return (long) sum;
            } catch (IOException e) {
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }
    }
}
