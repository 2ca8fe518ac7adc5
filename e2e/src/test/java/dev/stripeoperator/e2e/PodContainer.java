package dev.stripeoperator.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * One container of a Pod that the control plane created, run the way the kubelet and a container runtime would run
 * it: the effective user, group and supplementary groups ({@code fsGroup} included), Secret, ConfigMap and projected
 * volumes written as the kubelet writes them (root-owned files with the volume's mode, group-owned by
 * {@code fsGroup} when set, the {@code ..data} symlink), emptyDirs, the environment with {@code secretKeyRef},
 * {@code configMapKeyRef} and {@code fieldRef} resolved, a read-only root when asked for, the termination message
 * file, and the API server as the in-cluster {@code kubernetes} Service. Needs root, as the kubelet does.
 */
final class PodContainer implements AutoCloseable {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final String SERVICE_ACCOUNT_TOKEN_AUDIENCE = "https://kubernetes.default.svc.cluster.local";

    private final Process process;
    private final Path log;
    private final Path terminationMessage;

    private PodContainer(Process process, Path log, Path terminationMessage) {
        this.process = process;
        this.log = log;
        this.terminationMessage = terminationMessage;
    }

    /**
     * Starts {@code containerName} of {@code pod} from {@code image}. {@code overrides} replace environment values
     * that only make sense inside a real cluster (say, an API base URL); the caller names each one.
     */
    static PodContainer start(
            Pod pod,
            String containerName,
            ContainerImage image,
            KubernetesClient client,
            Path workDir,
            Map<String, String> overrides) {
        requireRoot();
        Container container = pod.getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(containerName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "pod " + pod.getMetadata().getName() + " has no container " + containerName));
        requirePortsFree(container);
        try {
            Files.createDirectories(workDir);
            Identity identity = Identity.of(pod, container, image);
            List<String> plan = new ArrayList<>();
            image.copies().forEach((target, source) -> plan.add("ro " + source.toAbsolutePath() + " " + target));
            plan.add("ro " + Path.of(System.getProperty("java.home")) + " " + ContainerImage.JAVA_HOME);
            for (VolumeMount mount :
                    Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
                if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                    throw new UnsupportedOperationException("subPath mounts are not emulated: " + mount.getName());
                }
                Volume volume = pod.getSpec().getVolumes().stream()
                        .filter(v -> v.getName().equals(mount.getName()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no volume " + mount.getName() + " in the pod"));
                Path source = materialize(
                        volume, pod, client, workDir.resolve("volumes").resolve(volume.getName()), identity);
                boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly())
                        || volume.getSecret() != null
                        || volume.getConfigMap() != null
                        || volume.getProjected() != null;
                plan.add((readOnly ? "ro " : "rw ") + source + " " + mount.getMountPath());
            }
            String messagePath =
                    Optional.ofNullable(container.getTerminationMessagePath()).orElse("/dev/termination-log");
            Path terminationMessage = workDir.resolve("termination-log");
            Files.writeString(terminationMessage, "");
            setPermissions(terminationMessage, "rw-rw-rw-");
            plan.add("rw " + terminationMessage + " " + messagePath);
            Path planFile = workDir.resolve("mounts");
            Files.write(planFile, plan);

            Map<String, String> env = environment(pod, container, image, client, overrides);
            List<String> command = new ArrayList<>(List.of(
                    "/usr/bin/unshare",
                    "--mount",
                    "--propagation",
                    "private",
                    "/usr/bin/bash",
                    script(workDir).toString(),
                    Files.createDirectories(workDir.resolve("root")).toString(),
                    planFile.toString(),
                    Long.toString(identity.uid()),
                    Long.toString(identity.gid()),
                    String.join(
                            ",", identity.groups().stream().map(String::valueOf).toList()),
                    Optional.ofNullable(container.getWorkingDir()).orElse(image.workdir()),
                    Boolean.toString(readOnlyRoot(container)),
                    "--"));
            command.addAll(commandLine(container, image, env));
            Path log = workDir.resolve("container.log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            return new PodContainer(builder.start(), log, terminationMessage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container's process id on this machine, to look at it in /proc. */
    long pid() {
        return process.pid();
    }

    /** Whether the container is still running. */
    boolean isRunning() {
        return process.isAlive();
    }

    /** Waits for the container to exit; its exit code. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the container did not exit within " + timeout + ":\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the container printed so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the container wrote to its termination message file, which the kubelet copies into the pod's status. */
    String terminationMessage() {
        try {
            return Files.readString(terminationMessage, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the container as the kubelet does: SIGTERM, then SIGKILL after the grace period. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The user, group and supplementary groups the container runs with. */
    record Identity(long uid, long gid, Set<Long> groups, Optional<Long> fsGroup) {

        static Identity of(Pod pod, Container container, ContainerImage image) {
            PodSecurityContext podContext =
                    Optional.ofNullable(pod.getSpec().getSecurityContext()).orElse(new PodSecurityContext());
            SecurityContext context =
                    Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
            long uid = firstNonNull(context.getRunAsUser(), podContext.getRunAsUser(), image.uid());
            long gid = firstNonNull(context.getRunAsGroup(), podContext.getRunAsGroup(), image.gid());
            boolean nonRoot =
                    Boolean.TRUE.equals(firstNonNull(context.getRunAsNonRoot(), podContext.getRunAsNonRoot(), false));
            if (nonRoot && uid == 0) {
                throw new IllegalStateException("container has runAsNonRoot and image will run as root (the kubelet's "
                        + "CreateContainerConfigError)");
            }
            Set<Long> groups = new TreeSet<>(
                    Optional.ofNullable(podContext.getSupplementalGroups()).orElse(List.of()));
            Optional<Long> fsGroup = Optional.ofNullable(podContext.getFsGroup());
            fsGroup.ifPresent(groups::add);
            return new Identity(uid, gid, groups, fsGroup);
        }

        @SafeVarargs
        private static <T> T firstNonNull(T... values) {
            return Stream.of(values).filter(Objects::nonNull).findFirst().orElseThrow();
        }
    }

    /**
     * The container shares this machine's network, where the kubelet would give the pod its own: a port another process
     * holds would make the container fail to listen, and a probe would reach that other process instead.
     */
    private static void requirePortsFree(Container container) {
        for (var port : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
            try (var socket = new java.net.ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(port.getContainerPort()));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "port " + port.getContainerPort() + " of container " + container.getName()
                                + " is taken by another process on this machine; stop it first (the container shares the host's network)");
            }
        }
    }

    private static boolean readOnlyRoot(Container container) {
        return container.getSecurityContext() != null
                && Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem());
    }

    private static List<String> commandLine(Container container, ContainerImage image, Map<String, String> env) {
        List<String> command =
                container.getCommand() == null || container.getCommand().isEmpty()
                        ? image.entrypoint()
                        : container.getCommand();
        List<String> args = container.getArgs() != null && !container.getArgs().isEmpty()
                ? container.getArgs()
                : container.getCommand() == null || container.getCommand().isEmpty() ? image.cmd() : List.of();
        List<String> line = new ArrayList<>();
        Stream.concat(command.stream(), args.stream())
                .map(part -> expand(part, env))
                .forEach(line::add);
        return line;
    }

    private static Map<String, String> environment(
            Pod pod,
            Container container,
            ContainerImage image,
            KubernetesClient client,
            Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(image.env());
        env.put("HOSTNAME", pod.getMetadata().getName());
        var server = java.net.URI.create(client.getConfiguration().getMasterUrl());
        env.put("KUBERNETES_SERVICE_HOST", server.getHost());
        env.put("KUBERNETES_SERVICE_PORT", Integer.toString(server.getPort()));
        String namespace = pod.getMetadata().getNamespace();
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            if (variable.getValueFrom() == null) {
                env.put(
                        variable.getName(),
                        expand(Optional.ofNullable(variable.getValue()).orElse(""), env));
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                var ref = variable.getValueFrom().getSecretKeyRef();
                Secret secret = client.secrets()
                        .inNamespace(namespace)
                        .withName(ref.getName())
                        .get();
                String value = secret == null || secret.getData() == null
                        ? null
                        : secret.getData().get(ref.getKey());
                if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                    throw new IllegalStateException("CreateContainerConfigError: env " + variable.getName()
                            + " needs Secret " + namespace + "/" + ref.getName() + " key " + ref.getKey());
                }
                if (value != null) {
                    env.put(variable.getName(), new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
                }
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = variable.getValueFrom().getConfigMapKeyRef();
                ConfigMap map = client.configMaps()
                        .inNamespace(namespace)
                        .withName(ref.getName())
                        .get();
                String value = map == null || map.getData() == null
                        ? null
                        : map.getData().get(ref.getKey());
                if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                    throw new IllegalStateException("CreateContainerConfigError: env " + variable.getName()
                            + " needs ConfigMap " + namespace + "/" + ref.getName() + " key " + ref.getKey());
                }
                if (value != null) {
                    env.put(variable.getName(), value);
                }
            } else if (variable.getValueFrom().getFieldRef() != null) {
                env.put(
                        variable.getName(),
                        field(pod, variable.getValueFrom().getFieldRef().getFieldPath()));
            } else {
                throw new UnsupportedOperationException("env " + variable.getName() + ": only values, secretKeyRef, "
                        + "configMapKeyRef and fieldRef are emulated");
            }
        }
        env.putAll(overrides);
        return env;
    }

    private static String field(Pod pod, String path) {
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            // The container shares this machine's network: its address is loopback.
            case "status.podIP", "status.hostIP" -> "127.0.0.1";
            default -> throw new UnsupportedOperationException("fieldRef " + path + " is not emulated");
        };
    }

    /** Kubernetes expands {@code $(NAME)} in values, command and args from the variables defined before. */
    private static String expand(String value, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
        }
        return m.appendTail(out).toString();
    }

    /** Writes a volume's content under {@code dir} as the kubelet does; the host path to mount. */
    private static Path materialize(Volume volume, Pod pod, KubernetesClient client, Path dir, Identity identity)
            throws IOException {
        String namespace = pod.getMetadata().getNamespace();
        if (volume.getEmptyDir() != null) {
            Files.createDirectories(dir);
            setPermissions(dir, "rwxrwxrwx");
            if (identity.fsGroup().isPresent()) {
                chgrp(dir, identity.fsGroup().get());
                addSetgid(dir);
            }
            return dir;
        }
        Map<String, FileContent> files = new LinkedHashMap<>();
        if (volume.getSecret() != null) {
            var source = volume.getSecret();
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(source.getSecretName())
                    .get();
            if (secret == null) {
                throw new IllegalStateException(
                        "MountVolume.SetUp failed: secret " + source.getSecretName() + " not found");
            }
            project(
                    decoded(secret.getData()),
                    source.getItems(),
                    Optional.ofNullable(source.getDefaultMode()).orElse(0644),
                    files);
        } else if (volume.getConfigMap() != null) {
            var source = volume.getConfigMap();
            ConfigMap map = client.configMaps()
                    .inNamespace(namespace)
                    .withName(source.getName())
                    .get();
            if (map == null) {
                throw new IllegalStateException(
                        "MountVolume.SetUp failed: configmap " + source.getName() + " not found");
            }
            project(
                    encoded(map.getData()),
                    source.getItems(),
                    Optional.ofNullable(source.getDefaultMode()).orElse(0644),
                    files);
        } else if (volume.getProjected() != null) {
            int mode =
                    Optional.ofNullable(volume.getProjected().getDefaultMode()).orElse(0644);
            for (VolumeProjection projection : volume.getProjected().getSources()) {
                projected(projection, pod, client, mode, files);
            }
        } else {
            throw new UnsupportedOperationException("volume " + volume.getName()
                    + ": only secret, configMap, projected and " + "emptyDir volumes are emulated");
        }
        writeAtomically(dir, files, identity.fsGroup());
        return dir;
    }

    private static void projected(
            VolumeProjection projection, Pod pod, KubernetesClient client, int mode, Map<String, FileContent> files) {
        String namespace = pod.getMetadata().getNamespace();
        if (projection.getServiceAccountToken() != null) {
            var source = projection.getServiceAccountToken();
            var request = client.serviceAccounts()
                    .inNamespace(namespace)
                    .withName(pod.getSpec().getServiceAccountName())
                    .tokenRequest(new TokenRequestBuilder()
                            .withNewSpec()
                            .withAudiences(
                                    source.getAudience() != null
                                            ? source.getAudience()
                                            : SERVICE_ACCOUNT_TOKEN_AUDIENCE)
                            .withExpirationSeconds(Optional.ofNullable(source.getExpirationSeconds())
                                    .orElse(3607L))
                            .withNewBoundObjectRef()
                            .withApiVersion("v1")
                            .withKind("Pod")
                            .withName(pod.getMetadata().getName())
                            .withUid(pod.getMetadata().getUid())
                            .endBoundObjectRef()
                            .endSpec()
                            .build());
            files.put(
                    source.getPath(),
                    new FileContent(request.getStatus().getToken().getBytes(StandardCharsets.UTF_8), mode));
        } else if (projection.getConfigMap() != null) {
            var source = projection.getConfigMap();
            ConfigMap map = client.configMaps()
                    .inNamespace(namespace)
                    .withName(source.getName())
                    .get();
            if (map == null) {
                throw new IllegalStateException(
                        "MountVolume.SetUp failed: configmap " + source.getName() + " not found");
            }
            project(encoded(map.getData()), source.getItems(), mode, files);
        } else if (projection.getSecret() != null) {
            var source = projection.getSecret();
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(source.getName())
                    .get();
            if (secret == null) {
                throw new IllegalStateException("MountVolume.SetUp failed: secret " + source.getName() + " not found");
            }
            project(decoded(secret.getData()), source.getItems(), mode, files);
        } else if (projection.getDownwardAPI() != null) {
            for (var item : projection.getDownwardAPI().getItems()) {
                files.put(
                        item.getPath(),
                        new FileContent(
                                field(pod, item.getFieldRef().getFieldPath()).getBytes(StandardCharsets.UTF_8),
                                Optional.ofNullable(item.getMode()).orElse(mode)));
            }
        } else {
            throw new UnsupportedOperationException("projected source " + projection + " is not emulated");
        }
    }

    private record FileContent(byte[] bytes, int mode) {}

    private static void project(
            Map<String, byte[]> data, List<KeyToPath> items, int defaultMode, Map<String, FileContent> files) {
        if (items == null || items.isEmpty()) {
            data.forEach((key, value) -> files.put(key, new FileContent(value, defaultMode)));
            return;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                throw new IllegalStateException("MountVolume.SetUp failed: no key " + item.getKey());
            }
            files.put(
                    item.getPath(),
                    new FileContent(value, Optional.ofNullable(item.getMode()).orElse(defaultMode)));
        }
    }

    /**
     * The kubelet's atomic writer: the files in a timestamped directory (0755), {@code ..data} pointing to it, and a
     * symlink per top-level name; all owned by root, and with {@code fsGroup} group-owned by it with the group's read
     * bit added (and setgid on directories), as the kubelet's volume ownership change does for read-only volumes.
     */
    private static void writeAtomically(Path dir, Map<String, FileContent> files, Optional<Long> fsGroup)
            throws IOException {
        Files.createDirectories(dir);
        setPermissions(dir, "rwxrwxrwx");
        Path timestamped = Files.createDirectory(dir.resolve("..%s.%d"
                .formatted(
                        java.time.format.DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss")
                                .withZone(java.time.ZoneOffset.UTC)
                                .format(Instant.now()),
                        System.nanoTime() % 1_000_000_000)));
        setPermissions(timestamped, "rwxr-xr-x");
        Set<String> topLevel = new TreeSet<>();
        for (Map.Entry<String, FileContent> file : files.entrySet()) {
            Path target = timestamped.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue().bytes());
            setMode(target, file.getValue().mode());
            topLevel.add(Path.of(file.getKey()).getName(0).toString());
        }
        Files.createSymbolicLink(dir.resolve("..data"), timestamped.getFileName());
        for (String name : topLevel) {
            Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
        }
        if (fsGroup.isPresent()) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path path : all.toList()) {
                    chgrp(path, fsGroup.get());
                    if (Files.isSymbolicLink(path)) {
                        continue;
                    }
                    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                    permissions.add(PosixFilePermission.OWNER_READ);
                    permissions.add(PosixFilePermission.GROUP_READ);
                    if (Files.isDirectory(path)) {
                        permissions.add(PosixFilePermission.OWNER_EXECUTE);
                        permissions.add(PosixFilePermission.GROUP_EXECUTE);
                    }
                    Files.setPosixFilePermissions(path, permissions);
                    if (Files.isDirectory(path)) {
                        addSetgid(path);
                    }
                }
            }
        }
    }

    private static Map<String, byte[]> decoded(Map<String, String> base64) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        Optional.ofNullable(base64)
                .orElse(Map.of())
                .forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        return data;
    }

    private static Map<String, byte[]> encoded(Map<String, String> plain) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        Optional.ofNullable(plain).orElse(Map.of()).forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return data;
    }

    private static void setMode(Path path, int mode) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                permissions.add(order[bit]);
            }
        }
        Files.setPosixFilePermissions(path, permissions);
    }

    private static void setPermissions(Path path, String symbolic) throws IOException {
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(symbolic));
    }

    private static void chgrp(Path path, long gid) throws IOException {
        GroupPrincipal group =
                path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(Long.toString(gid));
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setGroup(group);
    }

    /** Java's file API has no setgid bit; chmod has. */
    private static void addSetgid(Path dir) throws IOException {
        run("/usr/bin/chmod", "g+s", dir.toString());
    }

    private static void requireRoot() {
        try {
            Process id = new ProcessBuilder("/usr/bin/id", "-u").start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!"0".equals(uid)) {
                throw new IllegalStateException("running a container as the kubelet does needs root (mount namespaces, "
                        + "chroot, changing to the container's user); this test runs as uid " + uid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path script(Path workDir) throws IOException {
        Path script = workDir.resolve("run-container.sh");
        try (InputStream in = PodContainer.class.getResourceAsStream("/run-container.sh")) {
            Files.write(
                    script,
                    Objects.requireNonNull(in, "run-container.sh is missing from the test resources")
                            .readAllBytes());
        }
        return script;
    }

    private static void run(String... command) throws IOException {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
