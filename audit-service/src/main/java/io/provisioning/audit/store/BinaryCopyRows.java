package io.provisioning.audit.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary COPY format, streamed into a {@code COPY … FROM STDIN (FORMAT binary)}:
 * the server takes them without parsing text or planning a statement, and nothing needs escaping.
 * Fields are written in the column order of the COPY statement.
 *
 * <p>Rows go out in chunks while later ones are still being made, so the server inserts while the
 * chain is computed, and a batch never needs a buffer of its own size (a batch of 2 000 records is
 * over a megabyte: the garbage collector treats such an array as humongous, and each one started a
 * collection).
 */
final class BinaryCopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in seconds since 1970. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private static final int CHUNK = 64 * 1024;

    private final CopyIn copy;
    private final byte[] buffer = new byte[CHUNK];
    private int length;

    BinaryCopyRows(CopyIn copy) throws SQLException {
        this.copy = copy;
        write(SIGNATURE);
        writeInt(0); // flags: no OIDs
        writeInt(0); // no header extension
    }

    void startRow(int fields) throws SQLException {
        writeShort(fields);
    }

    void int8(long value) throws SQLException {
        writeInt(8);
        writeLong(value);
    }

    void int4(int value) throws SQLException {
        writeInt(4);
        writeInt(value);
    }

    /** timestamptz: microseconds since PostgreSQL's epoch; finer precision is not kept. */
    void timestamptz(Instant instant) throws SQLException {
        writeInt(8);
        writeLong(Math.addExact(Math.multiplyExact(instant.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                instant.getNano() / 1_000));
    }

    /** text or null, as UTF-8 (the database's encoding). */
    void text(String value) throws SQLException {
        if (value == null) {
            writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        write(bytes);
    }

    /** Ends the rows with the trailer and sends what is left; the COPY can then be ended. */
    void finish() throws SQLException {
        writeShort(-1);
        flush();
    }

    private void write(byte[] bytes) throws SQLException {
        ensure(bytes.length);
        if (bytes.length > buffer.length) {
            copy.writeToCopy(bytes, 0, bytes.length);
            return;
        }
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void writeShort(int value) throws SQLException {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void writeInt(int value) throws SQLException {
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void writeLong(long value) throws SQLException {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    /** Makes room for {@code more} bytes; more than a chunk go out directly once it is flushed. */
    private void ensure(int more) throws SQLException {
        if (length + more > buffer.length) {
            flush();
        }
    }

    private void flush() throws SQLException {
        if (length > 0) {
            copy.writeToCopy(buffer, 0, length);
            length = 0;
        }
    }
}
