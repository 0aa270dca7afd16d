package io.provisioning.audit.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary COPY format, for {@code COPY … FROM STDIN (FORMAT binary)}: the
 * server takes them without parsing text or planning a statement, and nothing needs escaping.
 * Fields are written in the column order of the COPY statement.
 */
final class BinaryCopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in seconds since 1970. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private byte[] buffer;
    private int length;

    BinaryCopyRows(int capacity) {
        buffer = new byte[Math.max(capacity, 64)];
        write(SIGNATURE);
        writeInt(0); // flags: no OIDs
        writeInt(0); // no header extension
    }

    void startRow(int fields) {
        writeShort(fields);
    }

    void int8(long value) {
        writeInt(8);
        writeLong(value);
    }

    void int4(int value) {
        writeInt(4);
        writeInt(value);
    }

    /** timestamptz: microseconds since PostgreSQL's epoch; finer precision is not kept. */
    void timestamptz(Instant instant) {
        writeInt(8);
        writeLong(Math.addExact(Math.multiplyExact(instant.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                instant.getNano() / 1_000));
    }

    /** text or null, as UTF-8 (the database's encoding). */
    void text(String value) {
        if (value == null) {
            writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeInt(bytes.length);
        write(bytes);
    }

    /** Ends the rows with the trailer and sends them; the instance is done. */
    void sendTo(CopyIn in) throws SQLException {
        writeShort(-1);
        in.writeToCopy(buffer, 0, length);
    }

    private void write(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void writeShort(int value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void writeInt(int value) {
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
