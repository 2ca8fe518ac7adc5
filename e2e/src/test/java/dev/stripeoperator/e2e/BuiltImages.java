package dev.stripeoperator.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * The OCI archives {@code make images} wrote to {@code dist/}, as users receive them.
 *
 * @param operator the operator image's archive
 * @param receiver the receiver image's archive
 */
record BuiltImages(Path operator, Path receiver) {

    static BuiltImages of(List<Path> archives) {
        return new BuiltImages(named(archives, "operator-"), named(archives, "receiver-"));
    }

    private static Path named(List<Path> archives, String prefix) {
        return archives.stream()
                .filter(a -> a.getFileName().toString().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.oci.tar among " + archives));
    }
}
