package dev.stripeoperator.receiver.webhook;

import java.time.Duration;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.spi.ServerConnection;

/** An HTTP/1.1 connection served under a {@link ConnectionDeadline} that {@link RequestDeadlines} watches. */
final class DeadlinedConnection implements ServerConnection, InterruptableTask<Void> {

    private final ServerConnection http1;
    private final ConnectionDeadline deadline;
    private final RequestDeadlines deadlines;

    DeadlinedConnection(ServerConnection http1, ConnectionDeadline deadline, RequestDeadlines deadlines) {
        this.http1 = http1;
        this.deadline = deadline;
        this.deadlines = deadlines;
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        deadlines.watch(deadline);
        deadline.bindToThisThread();
        try {
            http1.handle(limit);
        } finally {
            deadline.unbindFromThisThread();
            deadlines.forget(deadline);
        }
    }

    @Override
    public Duration idleTime() {
        return http1.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http1.close(interrupt);
    }

    /** As the HTTP/1.1 connection says: a shutdown interrupts connections waiting for a request at once. */
    @Override
    public boolean canInterrupt() {
        return http1 instanceof InterruptableTask<?> task && task.canInterrupt();
    }
}
