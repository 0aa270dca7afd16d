package io.provisioning.policy.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Reads that see one consistent snapshot of many rows (a preview over every identity, a scan for
 * separation-of-duties violations): a read-only repeatable-read transaction, in which PostgreSQL
 * streams a query's rows with a cursor instead of holding them all; rolled back when done.
 */
public final class SnapshotReads {

    /** Rows fetched per round trip. */
    public static final int FETCH_SIZE = 2000;

    /** What reads the snapshot. */
    public interface Read {
        void run(Connection connection) throws SQLException;
    }

    private SnapshotReads() {
    }

    /** @param what what is read, for the error when it cannot be */
    public static void read(DataSource dataSource, String what, Read read) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                read.run(connection);
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what + ": " + e.getSQLState(), e);
        }
    }
}
