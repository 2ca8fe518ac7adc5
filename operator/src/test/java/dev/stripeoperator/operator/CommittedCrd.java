package dev.stripeoperator.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import dev.stripeoperator.operator.endpoint.StripeWebhookEndpoint;
import dev.stripeoperator.operator.replay.StripeWebhookReplay;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * A CRD as committed to {@code crds/} and the chart: the generator's output with the printer columns in the order
 * the model declares them, since kubectl shows them in the CRD's order and the generator sorts them by jsonPath.
 * {@code make crds} runs {@link #main} to write them; {@link CrdDriftTest} checks the committed copies.
 *
 * @param file  the file name, in the generator's output and in the committed directories
 * @param model the custom resource class it is generated from
 */
public record CommittedCrd(String file, Class<? extends CustomResource<?, ?>> model) {

    /** The StripeWebhookEndpoint CRD. */
    static final CommittedCrd ENDPOINT =
            new CommittedCrd("stripewebhookendpoints.webhooks.stripe-operator.dev-v1.yml", StripeWebhookEndpoint.class);
    /** The StripeWebhookReplay CRD. */
    static final CommittedCrd REPLAY =
            new CommittedCrd("stripewebhookreplays.webhooks.stripe-operator.dev-v1.yml", StripeWebhookReplay.class);
    /** Every CRD of the project, as {@code crds/} holds them. */
    static final List<CommittedCrd> ALL = List.of(ENDPOINT, REPLAY);

    /** The committed text of this CRD, from what the generator wrote into {@code generatedDir}. */
    String render(Path generatedDir) {
        CustomResourceDefinition crd = read(generatedDir.resolve(file));
        List<String> declared = declaredColumns();
        crd.getSpec()
                .getVersions()
                .forEach(version -> version.setAdditionalPrinterColumns(version.getAdditionalPrinterColumns().stream()
                        .sorted(Comparator.comparingInt(
                                (CustomResourceColumnDefinition c) -> declared.indexOf(c.getName())))
                        .toList()));
        return "# Generated from the Java model (operator/src/main/java/"
                + model.getPackageName().replace('.', '/') + ") by `make crds`; do not edit.\n"
                + Serialization.asYaml(crd).replaceFirst("^---\n", "");
    }

    /** The printer columns' names in the order the model declares them. */
    List<String> declaredColumns() {
        return Arrays.stream(model.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
    }

    /** The CRD as users install it: the committed copy in {@code directory}. */
    CustomResourceDefinition load(Path directory) {
        return read(directory.resolve(file));
    }

    /** Arguments: the generator's output directory, then every directory to write the committed CRDs to. */
    public static void main(String[] args) throws IOException {
        Path generated = Path.of(args[0]);
        for (String directory : List.of(args).subList(1, args.length)) {
            for (CommittedCrd crd : ALL) {
                Files.writeString(Path.of(directory).resolve(crd.file()), crd.render(generated));
            }
        }
    }

    private static CustomResourceDefinition read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("run the build (mvn process-classes) to generate " + file, e);
        }
    }
}
