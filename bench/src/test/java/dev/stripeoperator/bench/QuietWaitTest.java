package dev.stripeoperator.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuietWaitTest {

    private static final Duration SAMPLE = Duration.ofSeconds(3);

    private final AtomicLong now = new AtomicLong();

    @Test
    void aQuietMachineIsMeasuredOnceAndPasses() throws Exception {
        LoadCheck check = wait(Duration.ofSeconds(60), 0.1).await(1, "ours");

        assertThat(check.quiet()).isTrue();
        assertThat(check.waitedSeconds()).isEqualTo(3.0);
        assertThat(check.round()).isEqualTo(1);
        assertThat(check.part()).isEqualTo("ours");
    }

    @Test
    void waitsForABusyMachineToQuietDown() throws Exception {
        LoadCheck check = wait(Duration.ofSeconds(60), 1.5, 0.9, 0.3).await(2, "reference");

        assertThat(check.quiet()).isTrue();
        assertThat(check.load().othersCores()).isEqualTo(0.3);
        assertThat(check.waitedSeconds()).isEqualTo(9.0);
    }

    @Test
    void givesUpOnceThePatienceIsSpentAndReportsTheLastMeasurement() throws Exception {
        LoadCheck check = wait(Duration.ofSeconds(7), 1.5, 1.4, 1.3, 1.2, 0.0).await(3, "ceiling");

        assertThat(check.quiet()).isFalse();
        assertThat(check.load().othersCores()).isEqualTo(1.3);
        assertThat(check.waitedSeconds()).isEqualTo(9.0);
        assertThat(check.summary()).startsWith("1.30 cores busy by others, PostgreSQL 0.00 (load average 1.0 0.5 0.2)");
    }

    @Test
    void theBusiestOtherProcessesAreNamedLeavingOutOursTheirChildrenAndNoise() {
        Map<Long, ProcessCpu.Ticks> before = Map.of(
                10L, new ProcessCpu.Ticks(1, "postgres", 100),
                11L, new ProcessCpu.Ticks(10, "postgres", 100),
                20L, new ProcessCpu.Ticks(1, "java", 1_000),
                30L, new ProcessCpu.Ticks(1, "kube-apiserver", 500),
                40L, new ProcessCpu.Ticks(1, "sshd", 7));
        Map<Long, ProcessCpu.Ticks> after = Map.of(
                10L, new ProcessCpu.Ticks(1, "postgres", 400),
                11L, new ProcessCpu.Ticks(10, "postgres", 400),
                20L, new ProcessCpu.Ticks(1, "java", 1_240),
                30L, new ProcessCpu.Ticks(1, "kube-apiserver", 620),
                40L, new ProcessCpu.Ticks(1, "sshd", 8),
                50L, new ProcessCpu.Ticks(1, "etcd", 90));

        assertThat(MachineLoad.busiest(before, after, 2.0, Set.of(10L, 99L)))
                .containsExactly("java (20) 1.20", "kube-apiserver (30) 0.60", "etcd (50) 0.45");
    }

    @Test
    void quietSettingsDefaultToAThirdOfACoreAMinuteAndThreeSecondSamples() {
        assertThat(QuietSettings.fromEnvironment(Map.of()))
                .isEqualTo(new QuietSettings(0.3, Duration.ofSeconds(60), Duration.ofSeconds(3)));
        assertThat(QuietSettings.fromEnvironment(
                        Map.of("BENCH_MAX_BUSY_CORES", "0.5", "BENCH_QUIET_WAIT", "10", "BENCH_LOAD_SAMPLE", "2")))
                .isEqualTo(new QuietSettings(0.5, Duration.ofSeconds(10), Duration.ofSeconds(2)));
    }

    /** A wait whose meter returns these cores busy by others, one per 3-second measurement. */
    private QuietWait wait(Duration patience, double... othersCores) {
        Deque<Double> measurements = new ArrayDeque<>();
        for (double cores : othersCores) {
            measurements.add(cores);
        }
        return new QuietWait(
                0.3,
                patience,
                () -> {
                    now.addAndGet(SAMPLE.toNanos());
                    return new MachineLoad("1.0 0.5 0.2", measurements.remove(), 0.0, List.of());
                },
                now::get);
    }
}
