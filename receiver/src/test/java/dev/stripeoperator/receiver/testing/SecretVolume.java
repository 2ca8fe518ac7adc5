package dev.stripeoperator.receiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A directory laid out like a Kubernetes Secret volume: each key is a symlink {@code key -> ..data/key}, and
 * {@code ..data} is a symlink to a timestamped directory that the kubelet swaps atomically on every update.
 */
public final class SecretVolume {

    private final Path root;
    private int version;

    public SecretVolume(Path root) {
        this.root = root;
    }

    /** The mount point, for {@code SIGNING_SECRETS_DIR}. */
    public Path root() {
        return root;
    }

    /** Publishes a new version of the Secret, replacing every key, the way the kubelet's atomic writer does. */
    public void publish(Map<String, String> files) {
        try {
            Path previous = Files.isSymbolicLink(root.resolve("..data"))
                    ? root.resolve("..data").toRealPath()
                    : null;
            Path next = Files.createDirectory(root.resolve("..2026_11_23_" + (++version)));
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(next.resolve(file.getKey()), file.getValue());
            }
            Path staging = root.resolve("..data_tmp");
            Files.deleteIfExists(staging);
            Files.createSymbolicLink(staging, next.getFileName());
            Files.move(
                    staging,
                    root.resolve("..data"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            for (String key : files.keySet()) {
                Path link = root.resolve(key);
                if (!Files.isSymbolicLink(link)) {
                    Files.createSymbolicLink(link, Path.of("..data", key));
                }
            }
            try (Stream<Path> entries = Files.list(root)) {
                for (Path link : entries.filter(Files::isSymbolicLink).toList()) {
                    String name = link.getFileName().toString();
                    if (!name.startsWith("..") && !files.containsKey(name)) {
                        Files.delete(link);
                    }
                }
            }
            if (previous != null) {
                try (Stream<Path> old = Files.walk(previous)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
