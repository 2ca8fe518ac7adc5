package dev.stripeoperator.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Creates many objects from several clients at once, as a GitOps sync applying many manifests would. */
final class ConcurrentCreates {

    private ConcurrentCreates() {}

    /**
     * Runs {@code create} for 0 to {@code count - 1} on {@code clients} threads and returns when all are done; a create
     * that failed is rethrown, so that the run stops on it instead of waiting out its deadline for an object never made.
     */
    static void run(int count, int clients, IntConsumer create) throws InterruptedException {
        List<Future<?>> creates = new ArrayList<>(count);
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < count; i++) {
                int n = i;
                creates.add(pool.submit(() -> create.accept(n)));
            }
        }
        for (Future<?> done : creates) {
            try {
                done.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a create failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
