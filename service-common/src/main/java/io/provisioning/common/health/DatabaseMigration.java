package io.provisioning.common.health;

import io.provisioning.common.runtime.Retry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Migrates the service's schema in the background and keeps trying while PostgreSQL is
 * unreachable, so that a service started before its database reports not-ready instead of
 * crash-looping. Readiness stays DOWN until the schema is current.
 */
@Readiness
@ApplicationScoped
public class DatabaseMigration implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseMigration.class);

    @Inject
    Flyway flyway;

    @Inject
    Event<SchemaReady> schemaReady;

    @ConfigProperty(name = "provisioning.database.migration-retry", defaultValue = "PT2S")
    Duration retryInterval;

    /** The schema owner, when the application itself runs as a less privileged role. */
    @ConfigProperty(name = "provisioning.database.migration.username")
    Optional<String> ownerUser;

    @ConfigProperty(name = "provisioning.database.migration.password")
    Optional<String> ownerPassword;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> jdbcUrl;

    private final AtomicBoolean migrated = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile String lastError = "not attempted yet";

    void onStart(@Observes StartupEvent event) {
        // One attempt in line, so that a service whose database is up is ready at once.
        if (attempt()) {
            return;
        }
        Thread migration = new Thread(this::migrateUntilDone, "schema-migration");
        migration.setDaemon(true);
        migration.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
    }

    private void migrateUntilDone() {
        while (!stopping.get() && !attempt()) {
            pause();
        }
    }

    private boolean attempt() {
        try {
            migrator().migrate();
            migrated.set(true);
            LOG.info("database schema is current");
            schemaReady.fireAsync(new SchemaReady());
            return true;
        } catch (RuntimeException e) {
            lastError = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
            LOG.warnf("database not ready, retrying in %s: %s", retryInterval, lastError);
            return false;
        }
    }

    /**
     * The injected Flyway runs as the application's role; with an owner configured, the same
     * configuration (locations, placeholders, Quarkus' resource scanning) runs as the owner.
     */
    private Flyway migrator() {
        if (ownerUser.isEmpty() || jdbcUrl.isEmpty()) {
            return flyway;
        }
        return Flyway.configure()
                .configuration(flyway.getConfiguration())
                .dataSource(jdbcUrl.get(), ownerUser.get(), ownerPassword.orElse(""))
                .load();
    }

    private void pause() {
        try {
            Retry.pause(retryInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.set(true);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("database-schema")
                .status(migrated.get())
                .withData("state", migrated.get() ? "migrated" : "waiting: " + lastError)
                .build();
    }
}
