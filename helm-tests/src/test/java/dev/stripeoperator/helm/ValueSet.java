package dev.stripeoperator.helm;

/** The value sets every chart check renders: the defaults and the chart's ci/ files. */
enum ValueSet {
    DEFAULTS(null),
    NAMESPACED("namespaced-values.yaml"),
    HIGH_AVAILABILITY("ha-values.yaml"),
    ENTERPRISE("enterprise-values.yaml");

    private final String ciFile;

    ValueSet(String ciFile) {
        this.ciFile = ciFile;
    }

    /** The helm arguments that select these values. */
    String[] arguments(Helm helm) {
        return ciFile == null ? new String[0] : helm.ciValues(ciFile);
    }

    Manifests render(Helm helm) {
        return helm.template(arguments(helm));
    }
}
