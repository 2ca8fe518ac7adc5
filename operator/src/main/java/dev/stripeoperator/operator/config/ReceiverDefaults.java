package dev.stripeoperator.operator.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.stripeoperator.contract.Durations;
import dev.stripeoperator.contract.ReceiverImage;
import dev.stripeoperator.contract.ReceiverSetting;
import dev.stripeoperator.contract.SettingException;
import dev.stripeoperator.operator.endpoint.ExtraVolumesSchema;
import dev.stripeoperator.operator.endpoint.ForwardingSpec;
import dev.stripeoperator.operator.endpoint.OperatorVolumes;
import dev.stripeoperator.operator.endpoint.ReceiverPod;
import dev.stripeoperator.operator.endpoint.Retention;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The chart-wide defaults of every endpoint's pod, forwarding and retention settings, in the shape of
 * {@code spec.receiver.pod}, {@code spec.receiver.forwarding} and {@code spec.retention}: what an endpoint leaves unset.
 *
 * @param pod default pod settings
 * @param forwarding default forwarding settings
 * @param retention default retention of finished events ({@code 90d}); null: the receiver's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReceiverDefaults(ReceiverPod pod, ForwardingSpec forwarding, String retention) {

    /** No defaults: the pods get only what their endpoint sets. */
    public static final ReceiverDefaults NONE = new ReceiverDefaults(ReceiverPod.NONE, ForwardingSpec.NONE, null);

    private static final String SETTING = "RECEIVER_DEFAULTS";
    private static final Set<String> CONTRACT_NAMES =
            Arrays.stream(ReceiverSetting.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public ReceiverDefaults {
        pod = pod == null ? ReceiverPod.NONE : pod;
        forwarding = forwarding == null ? ForwardingSpec.NONE : forwarding;
    }

    /**
     * Reads the JSON object of the {@code RECEIVER_DEFAULTS} setting, checked as the CRD checks an endpoint's.
     *
     * @throws SettingException naming the setting and what is wrong
     */
    public static ReceiverDefaults parse(String json) {
        ReceiverDefaults defaults;
        try {
            defaults = JSON.readValue(json, ReceiverDefaults.class);
        } catch (JsonProcessingException e) {
            throw SettingException.invalidWithoutValue(
                    SETTING,
                    "a JSON object {pod: {...}, forwarding: {...}, retention: ...} shaped like spec.receiver.pod,"
                            + " spec.receiver.forwarding and spec.retention ("
                            + e.getOriginalMessage() + ")");
        }
        if (defaults == null) {
            return NONE;
        }
        List<String> reserved = defaults.pod().env() == null
                ? List.of()
                : defaults.pod().env().stream()
                        .map(EnvVar::getName)
                        .filter(CONTRACT_NAMES::contains)
                        .toList();
        if (!reserved.isEmpty()) {
            throw SettingException.invalidWithoutValue(
                    SETTING,
                    "pod.env without the receiver's own settings, which the"
                            + " operator sets from each endpoint's spec; found " + String.join(", ", reserved));
        }
        ForwardingSpec forwarding = defaults.forwarding();
        check(
                forwarding.maxAttempts() == null
                        || (forwarding.maxAttempts() >= 1 && forwarding.maxAttempts() <= ForwardingSpec.MOST_ATTEMPTS),
                "forwarding.maxAttempts from 1 to " + ForwardingSpec.MOST_ATTEMPTS);
        check(
                forwarding.concurrency() == null
                        || (forwarding.concurrency() >= 1
                                && forwarding.concurrency() <= ForwardingSpec.MOST_CONCURRENCY),
                "forwarding.concurrency from 1 to " + ForwardingSpec.MOST_CONCURRENCY);
        for (String duration : new String[] {forwarding.backoffBase(), forwarding.backoffMax()}) {
            check(
                    duration == null || duration.matches(Durations.PATTERN),
                    "forwarding durations such as 1m, 8h or 1h30m");
        }
        check(
                forwarding.backoffBase() == null
                        || forwarding.backoffMax() == null
                        || Durations.parse(forwarding.backoffMax()).compareTo(Durations.parse(forwarding.backoffBase()))
                                >= 0,
                "forwarding.backoffMax not shorter than forwarding.backoffBase");
        check(
                defaults.retention() == null || defaults.retention().matches(Retention.PATTERN),
                "retention a number of days from 1 to 9999 followed by d, such as 90d");
        check(
                defaults.pod().priorityClassName() == null
                        || defaults.pod().priorityClassName().matches(ReceiverPod.OBJECT_NAME_PATTERN),
                "pod.priorityClassName a Kubernetes object name");
        check(
                defaults.pod().serviceAccountName() == null
                        || defaults.pod().serviceAccountName().matches(ReceiverPod.OBJECT_NAME_PATTERN),
                "pod.serviceAccountName a Kubernetes object name");
        checkVolumes(defaults.pod());
        return defaults;
    }

    /** The rules the CRD's {@code ExtraVolumesSchema} gives an endpoint's volumes and mounts. */
    private static void checkVolumes(ReceiverPod pod) {
        List<String> taken = Stream.concat(
                        Optional.ofNullable(pod.volumes()).orElse(List.of()).stream()
                                .map(Volume::getName),
                        Optional.ofNullable(pod.volumeMounts()).orElse(List.of()).stream()
                                .map(VolumeMount::getName))
                .filter(OperatorVolumes.NAMES::contains)
                .distinct()
                .toList();
        if (!taken.isEmpty()) {
            throw SettingException.invalidWithoutValue(
                    SETTING,
                    "pod.volumes and pod.volumeMounts without the names of the operator's own volumes; found "
                            + String.join(", ", taken));
        }
        for (VolumeMount mount : Optional.ofNullable(pod.volumeMounts()).orElse(List.of())) {
            String path = mount.getMountPath();
            check(
                    path != null
                            && path.length() <= ExtraVolumesSchema.MOST_PATH_CHARACTERS
                            && path.matches(ExtraVolumesSchema.MOUNT_PATH_PATTERN)
                            && !Pattern.compile(ExtraVolumesSchema.DOT_COMPONENT)
                                    .matcher(path)
                                    .find(),
                    "pod.volumeMounts with absolute mountPaths without empty, '.' or '..' components");
            List<String> hidden = ReceiverImage.OWN_PATHS.stream()
                    .filter(own -> path.equals(own) || path.startsWith(own + "/") || own.startsWith(path + "/"))
                    .toList();
            if (!hidden.isEmpty()) {
                throw SettingException.invalidWithoutValue(
                        SETTING,
                        "pod.volumeMounts neither at, above nor below the receiver's own paths; " + path + " meets "
                                + String.join(", ", hidden));
            }
        }
    }

    private static void check(boolean valid, String expected) {
        if (!valid) {
            throw SettingException.invalidWithoutValue(SETTING, expected);
        }
    }
}
