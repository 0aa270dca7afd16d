package io.provisioning.ingest.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A snapshot's valid rows, streamed into a temporary table of the current transaction with COPY:
 * the rows are diffed where the source's state lives, and the service holds only a buffer of them.
 */
final class StagedRows implements SnapshotParser.RowSink, AutoCloseable {

    static final String TABLE = "snapshot_row";
    private static final int FLUSH_BYTES = 256 * 1024;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);

    private StagedRows(CopyIn copy) {
        this.copy = copy;
    }

    /** Creates the table (dropped at commit or rollback) and starts copying into it. */
    static StagedRows open(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE " + TABLE
                    + " (worker_id TEXT NOT NULL, worker_record TEXT NOT NULL, position INT NOT NULL) ON COMMIT DROP");
        }
        return new StagedRows(c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + TABLE + " (worker_id, worker_record, position) FROM STDIN"));
    }

    @Override
    public void accept(String workerId, String record, int position) throws IOException {
        escape(workerId);
        buffer.append('\t');
        escape(record);
        buffer.append('\t').append(position).append('\n');
        if (buffer.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    /** Ends the copy and makes the rows ready to join: indexed by worker, with statistics. */
    void finish(Connection c) throws SQLException, IOException {
        flush();
        copy.endCopy();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE INDEX ON " + TABLE + " (worker_id)");
            s.execute("ANALYZE " + TABLE);
        }
    }

    /** Abandons an unfinished copy, so that the transaction can be rolled back cleanly. */
    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private void flush() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IOException("cannot stage the snapshot's rows", e);
        }
    }

    /** COPY's text format: backslash, tab and line breaks are escaped. */
    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> buffer.append("\\\\");
                case '\t' -> buffer.append("\\t");
                case '\n' -> buffer.append("\\n");
                case '\r' -> buffer.append("\\r");
                default -> buffer.append(ch);
            }
        }
    }
}
