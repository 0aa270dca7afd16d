package io.provisioning.connector.jdbc;

import io.provisioning.connector.spi.ConnectionFailedException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small pool of JDBC connections for one target, opened on demand so that a database that is
 * down at start-up delays only its own commands. Connections that fail a validity check are
 * replaced.
 */
final class ConnectionPool implements AutoCloseable {

    private final JdbcSettings settings;
    private final BlockingQueue<Connection> idle;
    private final java.util.concurrent.Semaphore permits;

    ConnectionPool(JdbcSettings settings) {
        this.settings = settings;
        this.idle = new ArrayBlockingQueue<>(settings.poolSize());
        this.permits = new java.util.concurrent.Semaphore(settings.poolSize());
    }

    Connection borrow() {
        try {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new ConnectionFailedException("no free connection to " + settings.url() + " within 30 s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionFailedException("interrupted while waiting for a connection", null);
        }
        try {
            Connection connection;
            while ((connection = idle.poll()) != null) {
                if (connection.isValid(2)) {
                    return connection;
                }
                quietlyClose(connection);
            }
            return open();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e instanceof ConnectionFailedException c ? c
                    : new ConnectionFailedException("cannot connect to " + settings.url() + " as " + settings.username()
                            + ": " + (e instanceof SQLException s ? "SQL state " + s.getSQLState() : e.getClass().getSimpleName()), null);
        }
    }

    void giveBack(Connection connection, boolean broken) {
        try {
            if (broken || !idle.offer(connection)) {
                quietlyClose(connection);
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            quietlyClose(connection);
        }
    }

    private Connection open() throws SQLException {
        Properties properties = new Properties();
        if (settings.username() != null) {
            properties.setProperty("user", settings.username());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        DriverManager.setLoginTimeout(5);
        Connection connection = DriverManager.getConnection(settings.url(), properties);
        connection.setAutoCommit(false);
        return connection;
    }

    private static void quietlyClose(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already unusable
        }
    }
}
