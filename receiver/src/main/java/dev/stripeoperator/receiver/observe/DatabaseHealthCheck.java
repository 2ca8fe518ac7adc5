package dev.stripeoperator.receiver.observe;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * Readiness: the receiver can only acknowledge deliveries while its schema is current and it can reach PostgreSQL.
 * Takes at most the pool's 2 s connection timeout plus a 1 s validation, so a probe timeout of 5 s covers it.
 */
public final class DatabaseHealthCheck implements HealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 1;

    private final DataSource dataSource;
    private final BooleanSupplier migrated;
    private final BooleanSupplier draining;

    /**
     * @param migrated false until the schema migrations have run
     * @param draining true once the receiver is shutting down: take it out of the Service's endpoints
     */
    public DatabaseHealthCheck(DataSource dataSource, BooleanSupplier migrated, BooleanSupplier draining) {
        this.dataSource = dataSource;
        this.migrated = migrated;
        this.draining = draining;
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
        if (draining.getAsBoolean()) {
            return HealthCheckResponse.builder()
                    .status(false)
                    .detail("error", "shutting down")
                    .build();
        }
        if (!migrated.getAsBoolean()) {
            return HealthCheckResponse.builder()
                    .status(false)
                    .detail("error", "the schema is not migrated yet")
                    .build();
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            return HealthCheckResponse.builder().status(valid).build();
        } catch (SQLException e) {
            // Health is often reachable from outside: the driver's message (hosts, ports) goes to the log only.
            return HealthCheckResponse.builder()
                    .status(false)
                    .detail("error", "cannot reach the database")
                    .build();
        }
    }
}
