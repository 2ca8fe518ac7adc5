package dev.stripeoperator.operator.endpoint;

import java.util.List;
import java.util.stream.Collectors;

import dev.stripeoperator.contract.ReceiverImage;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Refuses, on {@link ReceiverPod}'s {@code volumes} and {@code volumeMounts}, what would collide with the operator's
 * own: a volume or mount named like one of {@link OperatorVolumes#NAMES}, and a mount path that is not a plain
 * absolute path or lies at, above or below one of {@link ReceiverImage#OWN_PATHS}. Volumes are a list keyed by name and
 * mounts one keyed by path, so that the API server refuses duplicates. The names and paths come from the code when the
 * CRD is generated, so the rules cannot fall behind it.
 */
public final class ExtraVolumesSchema implements SchemaCustomizer.Customizer {

    /** A mount path: absolute, no empty, {@code .} or {@code ..} component, no trailing slash. */
    public static final String MOUNT_PATH_PATTERN = "^(/[^/]+)+$";
    /** A {@code .} or {@code ..} component anywhere in a path (a partial match). */
    public static final String DOT_COMPONENT = "/[.][.]?(/|$)";
    /** Longer paths than this are refused, which bounds the cost of the rules over them. */
    public static final int MOST_PATH_CHARACTERS = 1024;
    /** Volume names are DNS labels. */
    private static final int MOST_NAME_CHARACTERS = 63;

    @Override
    public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
        String names = literals(OperatorVolumes.NAMES);
        JSONSchemaProps volumes = list(schema, "volumes", "name");
        bound(volumes, "name", MOST_NAME_CHARACTERS);
        volumes.getXKubernetesValidations()
                .add(new ValidationRuleBuilder()
                        .withRule("self.all(v, !(v.name in " + names + "))")
                        .withMessage(
                                "volumes must not take the names of the operator's own volumes (" + plain(names) + ")")
                        .build());
        JSONSchemaProps mounts = list(schema, "volumeMounts", "mountPath");
        mounts.getItems().getSchema().getRequired().add("name");
        bound(mounts, "name", MOST_NAME_CHARACTERS);
        bound(mounts, "mountPath", MOST_PATH_CHARACTERS);
        String paths = literals(ReceiverImage.OWN_PATHS);
        mounts.getXKubernetesValidations()
                .add(new ValidationRuleBuilder()
                        .withRule("self.all(m, !(m.name in " + names + "))")
                        .withMessage("volumeMounts must name volumes of their own, not the operator's (" + plain(names)
                                + ")")
                        .build());
        mounts.getXKubernetesValidations()
                .add(new ValidationRuleBuilder()
                        .withRule("self.all(m, m.mountPath.matches('" + MOUNT_PATH_PATTERN
                                + "') && !m.mountPath.matches('" + DOT_COMPONENT + "'))")
                        .withMessage("a mountPath must be an absolute path without empty, '.' or '..' components or"
                                + " a trailing slash")
                        .build());
        mounts.getXKubernetesValidations()
                .add(new ValidationRuleBuilder()
                        .withRule("self.all(m, !" + paths + ".exists(p, m.mountPath == p || m.mountPath.startsWith(p"
                                + " + '/') || p.startsWith(m.mountPath + '/')))")
                        .withMessage("volumeMounts must not be mounted at, above or below the paths the receiver uses"
                                + " itself (" + plain(paths) + ")")
                        .build());
        return schema;
    }

    /** The list property {@code name}, made a map keyed by {@code key}, which every item must have. */
    private static JSONSchemaProps list(JSONSchemaProps schema, String name, String key) {
        JSONSchemaProps list = schema.getProperties().get(name);
        if (list == null || !"array".equals(list.getType())) {
            throw new IllegalArgumentException("expected a list property of the schema, got " + name);
        }
        list.setXKubernetesListType("map");
        list.setXKubernetesListMapKeys(List.of(key));
        JSONSchemaProps item = list.getItems().getSchema();
        if (!item.getRequired().contains(key)) {
            item.getRequired().add(key);
        }
        return list;
    }

    private static void bound(JSONSchemaProps list, String field, int maxLength) {
        list.getItems().getSchema().getProperties().get(field).setMaxLength((long) maxLength);
    }

    private static String literals(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    private static String plain(String literals) {
        return literals.substring(1, literals.length() - 1).replace("'", "");
    }
}
