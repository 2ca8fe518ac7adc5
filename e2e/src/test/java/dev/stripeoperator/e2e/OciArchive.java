package dev.stripeoperator.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image as an OCI archive holds it (an image layout in a tar, as {@code make images} writes it): its name, its
 * configuration and the files of its layers.
 *
 * @param name the image's name, from the index's {@code org.opencontainers.image.ref.name}
 * @param platform the image's os/arch, from its configuration
 * @param config the image configuration's {@code config} object (User, Entrypoint, Cmd, Env, Labels)
 * @param layers each layer's files, base first
 * @param layerDigests each layer's digest, base first
 * @param compressedBytes the layers' size as stored and pulled
 */
record OciArchive(
        String name,
        String platform,
        JsonNode config,
        List<List<Entry>> layers,
        List<String> layerDigests,
        long compressedBytes) {

    /**
     * One file of a layer.
     *
     * @param path the path in the image, without a leading slash
     * @param uid the owner
     * @param mode the permission bits
     * @param directory whether it is a directory
     * @param symbolicLink whether it is a symbolic link
     * @param size its size in bytes
     */
    record Entry(String path, long uid, int mode, boolean directory, boolean symbolicLink, long size) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The image an archive of one platform holds. */
    static OciArchive read(Path archive) {
        List<OciArchive> images = readAll(archive);
        if (images.size() != 1) {
            throw new IllegalStateException(archive + " holds " + images.size() + " images, not one");
        }
        return images.getFirst();
    }

    /** Every image an archive holds: one, or one per platform when it holds a list (an image index). */
    static List<OciArchive> readAll(Path archive) {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    files.put(entry.getName().replaceFirst("^\\./", ""), tar.readAllBytes());
                }
            }
            JsonNode descriptor =
                    JSON.readTree(files.get("index.json")).get("manifests").get(0);
            String name = descriptor
                    .path("annotations")
                    .path("org.opencontainers.image.ref.name")
                    .asText();
            JsonNode top = JSON.readTree(blob(files, descriptor));
            List<JsonNode> manifests = new ArrayList<>();
            if (top.has("manifests")) {
                for (JsonNode platform : top.get("manifests")) {
                    manifests.add(JSON.readTree(blob(files, platform)));
                }
            } else {
                manifests.add(top);
            }
            List<OciArchive> images = new ArrayList<>();
            for (JsonNode manifest : manifests) {
                images.add(image(files, name, manifest));
            }
            return images;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OCI archive " + archive, e);
        }
    }

    private static OciArchive image(Map<String, byte[]> files, String name, JsonNode manifest) throws IOException {
        JsonNode config = JSON.readTree(blob(files, manifest.get("config")));
        List<List<Entry>> layers = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        long compressed = 0;
        for (JsonNode layer : manifest.get("layers")) {
            compressed += layer.get("size").asLong();
            digests.add(layer.get("digest").asText());
            layers.add(entries(blob(files, layer), layer.get("mediaType").asText()));
        }
        return new OciArchive(
                name,
                config.path("os").asText() + "/" + config.path("architecture").asText(),
                config.get("config"),
                layers,
                digests,
                compressed);
    }

    /** The sum of every file's size over all layers. */
    long uncompressedBytes() {
        return layers.stream().flatMap(List::stream).mapToLong(Entry::size).sum();
    }

    private static byte[] blob(Map<String, byte[]> files, JsonNode descriptor) {
        String digest = descriptor.get("digest").asText();
        byte[] blob = files.get("blobs/" + digest.replace(':', '/'));
        if (blob == null) {
            throw new IllegalStateException("the archive lacks the blob " + digest);
        }
        return blob;
    }

    private static List<Entry> entries(byte[] layer, String mediaType) throws IOException {
        InputStream raw = new ByteArrayInputStream(layer);
        InputStream in = mediaType.endsWith("+gzip") ? new GZIPInputStream(raw) : raw;
        List<Entry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.add(new Entry(
                        entry.getName().replaceFirst("^\\./", "").replaceFirst("/$", ""),
                        entry.getLongUserId(),
                        entry.getMode() & 07777,
                        entry.isDirectory(),
                        entry.isSymbolicLink(),
                        entry.getSize()));
            }
        }
        return entries;
    }
}
