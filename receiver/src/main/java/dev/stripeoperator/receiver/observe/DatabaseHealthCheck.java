package dev.stripeoperator.receiver.observe;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Readiness: the receiver can only acknowledge deliveries while it can reach PostgreSQL. */
public final class DatabaseHealthCheck implements HealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 1;

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            return HealthCheckResponse.builder().status(valid).build();
        } catch (SQLException e) {
            // Health is often reachable from outside: the driver's message (hosts, ports) goes to the log only.
            return HealthCheckResponse.builder().status(false).detail("error", "cannot reach the database").build();
        }
    }
}
