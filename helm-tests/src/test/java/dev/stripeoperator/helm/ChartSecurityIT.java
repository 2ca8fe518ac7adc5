package dev.stripeoperator.helm;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every pod the chart renders meets the Pod Security Standards' "restricted" profile. */
class ChartSecurityIT {

    private static Helm helm;

    @BeforeAll
    static void helm() {
        helm = new Helm(Repository.current());
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void everyPodRunsAsNonRootWithTheRuntimeDefaultSeccompProfileAndNoHostAccess(ValueSet values) {
        List<Manifests.NamedPodSpec> pods = values.render(helm).podSpecs();

        assertThat(pods).isNotEmpty().allSatisfy(pod -> {
            PodSpec spec = pod.spec();
            PodSecurityContext context = spec.getSecurityContext();
            assertThat(context).as(pod.owner()).isNotNull();
            assertThat(context.getRunAsNonRoot())
                    .as(pod.owner() + " runAsNonRoot")
                    .isTrue();
            assertThat(context.getSeccompProfile().getType())
                    .as(pod.owner() + " seccomp")
                    .isEqualTo("RuntimeDefault");
            assertThat(Optional.ofNullable(context.getRunAsUser()).filter(user -> user == 0))
                    .as(pod.owner() + " runAsUser: not root, or left to the platform")
                    .isEmpty();
            assertThat(spec.getHostNetwork()).as(pod.owner() + " hostNetwork").isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getHostPID()).as(pod.owner() + " hostPID").isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getHostIPC()).as(pod.owner() + " hostIPC").isNotEqualTo(Boolean.TRUE);
            assertThat(spec.getVolumes())
                    .as(pod.owner() + " volumes")
                    .allSatisfy(volume -> assertThat(volume.getHostPath())
                            .as(volume.getName() + " hostPath")
                            .isNull());
        });
    }

    @ParameterizedTest
    @EnumSource(ValueSet.class)
    void everyContainerIsRestricted(ValueSet values) {
        List<Manifests.NamedPodSpec> pods = values.render(helm).podSpecs();

        assertThat(pods)
                .isNotEmpty()
                .allSatisfy(pod -> assertThat(containersOf(pod.spec()))
                        .isNotEmpty()
                        .allSatisfy(container -> {
                            String where = pod.owner() + " container " + container.getName();
                            SecurityContext context = container.getSecurityContext();
                            assertThat(context).as(where).isNotNull();
                            assertThat(context.getAllowPrivilegeEscalation())
                                    .as(where + " allowPrivilegeEscalation")
                                    .isFalse();
                            assertThat(context.getReadOnlyRootFilesystem())
                                    .as(where + " readOnlyRootFilesystem")
                                    .isTrue();
                            assertThat(context.getRunAsNonRoot())
                                    .as(where + " runAsNonRoot")
                                    .isTrue();
                            assertThat(context.getPrivileged())
                                    .as(where + " privileged")
                                    .isNotEqualTo(Boolean.TRUE);
                            assertThat(context.getCapabilities().getDrop())
                                    .as(where + " drop")
                                    .containsExactly("ALL");
                            assertThat(context.getCapabilities().getAdd())
                                    .as(where + " add")
                                    .isEmpty();
                            assertThat(context.getSeccompProfile().getType())
                                    .as(where + " seccomp")
                                    .isEqualTo("RuntimeDefault");
                        }));
    }

    @Test
    void theReadOnlyRootFilesystemLeavesAWritableTmp() {
        PodSpec spec = ValueSet.DEFAULTS.render(helm).operatorPod();

        Container operator = spec.getContainers().get(0);
        String volume = operator.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/tmp"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no /tmp mount"))
                .getName();
        assertThat(spec.getVolumes())
                .filteredOn(v -> v.getName().equals(volume))
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void theDefaultsAreTheRestrictedContextsTheChartAlwaysHad() {
        PodSpec spec = ValueSet.DEFAULTS.render(helm).operatorPod();

        assertThat(spec.getSecurityContext())
                .isEqualTo(new PodSecurityContextBuilder()
                        .withRunAsNonRoot(true)
                        .withRunAsUser(10001L)
                        .withRunAsGroup(10001L)
                        .withNewSeccompProfile()
                        .withType("RuntimeDefault")
                        .endSeccompProfile()
                        .build());
        assertThat(spec.getContainers().getFirst().getSecurityContext())
                .isEqualTo(new SecurityContextBuilder()
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        .withRunAsNonRoot(true)
                        .withNewCapabilities()
                        .withDrop("ALL")
                        .endCapabilities()
                        .withNewSeccompProfile()
                        .withType("RuntimeDefault")
                        .endSeccompProfile()
                        .build());
    }

    @Test
    void bothContextsAreWholeValuesThatMergeWithTheDefaults() {
        PodSpec spec = helm.template(
                        "--set", "podSecurityContext.fsGroup=2000",
                        "--set", "podSecurityContext.seLinuxOptions.level=s0:c123\\,c456",
                        "--set", "podSecurityContext.supplementalGroups={3000}",
                        "--set", "securityContext.capabilities.drop={ALL,NET_RAW}",
                        "--set", "securityContext.seccompProfile.type=Localhost",
                        "--set", "securityContext.seccompProfile.localhostProfile=profiles/operator.json")
                .operatorPod();

        PodSecurityContext pod = spec.getSecurityContext();
        assertThat(pod.getFsGroup()).isEqualTo(2000L);
        assertThat(pod.getSeLinuxOptions().getLevel()).isEqualTo("s0:c123,c456");
        assertThat(pod.getSupplementalGroups()).containsExactly(3000L);
        assertThat(pod.getRunAsUser()).as("kept from the defaults").isEqualTo(10001L);
        SecurityContext container = spec.getContainers().getFirst().getSecurityContext();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL", "NET_RAW");
        assertThat(container.getSeccompProfile().getType()).isEqualTo("Localhost");
        assertThat(container.getSeccompProfile().getLocalhostProfile()).isEqualTo("profiles/operator.json");
        assertThat(container.getReadOnlyRootFilesystem())
                .as("kept from the defaults")
                .isTrue();
    }

    @Test
    void thePlatformMayAssignTheUserWhileNonRootStaysEnforced() {
        PodSecurityContext context = helm.template(
                        "--set", "podSecurityContext.runAsUser=null", "--set", "podSecurityContext.runAsGroup=null")
                .operatorPod()
                .getSecurityContext();

        assertThat(context.getRunAsUser()).isNull();
        assertThat(context.getRunAsGroup()).isNull();
        assertThat(context.getRunAsNonRoot()).isTrue();
    }

    private static List<Container> containersOf(PodSpec spec) {
        return Stream.concat(spec.getInitContainers().stream(), spec.getContainers().stream())
                .toList();
    }
}
