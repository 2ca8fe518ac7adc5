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
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The CRD as committed to {@code crds/} and the chart: the generator's output with the printer columns in the order
 * the model declares them, since kubectl shows them in the CRD's order and the generator sorts them by jsonPath.
 * {@code make crds} runs {@link #main} to write it; {@link CrdDriftTest} checks the committed copies.
 */
public final class CommittedCrd {

    static final String FILE = "stripewebhookendpoints.webhooks.stripe-operator.dev-v1.yml";
    private static final String HEADER =
            "# Generated from the Java model (operator/src/main/java/dev/stripeoperator/operator/endpoint)"
                    + " by `make crds`; do not edit.\n";

    private CommittedCrd() {}

    /** The committed text of the CRD the generator wrote into {@code generatedDir}. */
    static String render(Path generatedDir) {
        CustomResourceDefinition crd = read(generatedDir.resolve(FILE));
        List<String> declared = Arrays.stream(
                        StripeWebhookEndpoint.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name)
                .toList();
        crd.getSpec()
                .getVersions()
                .forEach(version -> version.setAdditionalPrinterColumns(version.getAdditionalPrinterColumns().stream()
                        .sorted(Comparator.comparingInt(
                                (CustomResourceColumnDefinition c) -> declared.indexOf(c.getName())))
                        .toList()));
        return HEADER + Serialization.asYaml(crd).replaceFirst("^---\n", "");
    }

    /** Arguments: the generator's output directory, then every file to write the committed CRD to. */
    public static void main(String[] args) throws IOException {
        String text = render(Path.of(args[0]));
        for (String file : List.of(args).subList(1, args.length)) {
            Files.writeString(Path.of(file), text);
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
