package dev.stripeoperator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An image as its Dockerfile describes it, without building it (no container runtime here): the files its
 * {@code COPY} lines put in it (taken from the build output in the repository), its {@code ENV}, {@code USER},
 * {@code WORKDIR}, {@code ENTRYPOINT} and {@code CMD}. The base image's JRE is this machine's JDK, mounted where
 * the eclipse-temurin images keep theirs.
 *
 * @param copies container path to repository path of each file or directory the image adds
 * @param env the image's environment, the JRE's {@code JAVA_HOME} and {@code PATH} included
 * @param uid the image's user
 * @param gid the image's group
 * @param workdir the working directory
 * @param entrypoint the entrypoint
 * @param cmd the default arguments
 */
record ContainerImage(
        Map<String, Path> copies,
        Map<String, String> env,
        long uid,
        long gid,
        String workdir,
        List<String> entrypoint,
        List<String> cmd) {

    /** Where the eclipse-temurin images keep the JRE. */
    static final String JAVA_HOME = "/opt/java/openjdk";

    private static final Pattern INSTRUCTION = Pattern.compile("^(FROM|COPY|ENV|USER|WORKDIR|ENTRYPOINT|CMD)\\s+(.*)$");
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Z_][A-Z0-9_]*)=(\"[^\"]*\"|\\S+)");

    /** Reads {@code dockerfile} (relative to {@code repository}, the build context) and the JDK this test runs on. */
    static ContainerImage fromDockerfile(Path repository, String dockerfile) {
        List<String> lines;
        try {
            lines = joinContinuations(Files.readAllLines(repository.resolve(dockerfile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Path> copies = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_HOME", JAVA_HOME);
        env.put("PATH", JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        long uid = 0;
        long gid = 0;
        String workdir = "/";
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        for (String line : lines) {
            Matcher m = INSTRUCTION.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            String args = m.group(2).trim();
            switch (m.group(1)) {
                case "COPY" -> {
                    String[] parts = args.split("\\s+");
                    Path source = repository.resolve(parts[0]);
                    String target = parts[1].startsWith("/") ? parts[1] : workdir + "/" + parts[1];
                    copies.put(target.endsWith("/") ? target.substring(0, target.length() - 1) : target, source);
                }
                case "ENV" -> {
                    Matcher pair = ENV_PAIR.matcher(args);
                    while (pair.find()) {
                        env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
                    }
                }
                case "USER" -> {
                    String[] ids = args.split(":");
                    uid = Long.parseLong(ids[0]);
                    gid = ids.length > 1 ? Long.parseLong(ids[1]) : uid;
                }
                case "WORKDIR" -> workdir = args;
                case "ENTRYPOINT" -> entrypoint = execForm(args);
                case "CMD" -> cmd = execForm(args);
                default -> {
                    // FROM: the base image is the JDK this test runs on.
                }
            }
        }
        return new ContainerImage(copies, env, uid, gid, workdir, entrypoint, cmd);
    }

    private static List<String> execForm(String json) {
        try {
            return new ObjectMapper().readValue(json, new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("ENTRYPOINT and CMD must use the exec form: " + json, e);
        }
    }

    private static List<String> joinContinuations(List<String> lines) {
        List<String> joined = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.trim().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                joined.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        return joined;
    }
}
