package io.provisioning.common.health;

import io.provisioning.common.runtime.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Migrates a service's schema as the schema's owner, then exits: the step that runs before the
 * service starts (the local stack) or as an init container (Kubernetes), so that the running service
 * holds only its runtime role's credentials. It runs the service's own migrations from the
 * service's jars:
 *
 * <pre>java -cp 'quarkus-app/lib/main/*:quarkus-app/app/*' io.provisioning.common.health.MigrateSchema</pre>
 *
 * Environment: {@code QUARKUS_DATASOURCE_JDBC_URL}, {@code QUARKUS_DATASOURCE_USERNAME} (the runtime
 * role the migrations grant to), {@code PROVISIONING_DATABASE_MIGRATION_USERNAME} and
 * {@code _PASSWORD} (the owner). Waits up to {@code PROVISIONING_DATABASE_MIGRATION_WAIT} (ISO-8601,
 * default {@code PT60S}) for the database. Exit status 0 when the schema is current, 1 otherwise.
 */
public final class MigrateSchema {

    private MigrateSchema() {
    }

    public static void main(String[] args) {
        String url = required("QUARKUS_DATASOURCE_JDBC_URL");
        String runtimeRole = required("QUARKUS_DATASOURCE_USERNAME");
        String owner = required("PROVISIONING_DATABASE_MIGRATION_USERNAME");
        String password = required("PROVISIONING_DATABASE_MIGRATION_PASSWORD");
        Duration wait = Duration.parse(System.getenv().getOrDefault("PROVISIONING_DATABASE_MIGRATION_WAIT", "PT60S"));
        Flyway flyway = Flyway.configure(MigrateSchema.class.getClassLoader())
                .dataSource(url, owner, password)
                .locations("classpath:db/migration")
                .placeholders(Map.of("runtimeRole", runtimeRole))
                .load();
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try {
                MigrateResult result = flyway.migrate();
                System.out.println("schema of " + url + " is current: " + result.migrationsExecuted
                        + " migration(s) applied as " + owner);
                System.exit(0);
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                if (Instant.now().isAfter(deadline)) {
                    System.err.println("schema migration failed: " + reason);
                    System.exit(1);
                }
                System.err.println("database not ready, retrying in 2 s: " + reason);
                sleep();
            }
        }
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println(name + " is not set");
            System.exit(2);
        }
        return value;
    }

    private static void sleep() {
        try {
            Retry.pause(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }
}
