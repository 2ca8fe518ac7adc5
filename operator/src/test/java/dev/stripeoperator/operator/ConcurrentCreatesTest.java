package dev.stripeoperator.operator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmarks' concurrent creates: each index once, and a failed create stops the run with its cause. */
class ConcurrentCreatesTest {

    @Test
    void runsEveryIndexOnceFromSeveralThreads() throws InterruptedException {
        Set<Integer> created = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();

        ConcurrentCreates.run(200, 4, n -> {
            assertThat(created.add(n)).as("index %d created once", n).isTrue();
            threads.add(Thread.currentThread().getName());
        });

        assertThat(created).hasSize(200).contains(0, 199);
        assertThat(threads).hasSizeBetween(1, 4);
    }

    @Test
    void aFailedCreateIsRethrownAfterTheOthersRan() {
        Set<Integer> created = ConcurrentHashMap.newKeySet();

        assertThatThrownBy(() -> ConcurrentCreates.run(50, 4, n -> {
                    if (n == 17) {
                        throw new IllegalArgumentException("namespaces \"floor-7\" not found");
                    }
                    created.add(n);
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("namespaces \"floor-7\" not found")
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(created).hasSize(49);
    }
}
