package io.provisioning.audit.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.provisioning.audit.chain.CanonicalJson;
import io.provisioning.common.csv.CsvRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Streams records straight from a database cursor to the response: an export of millions of
 * records never sits in memory.
 */
@ApplicationScoped
public class AuditExport {

    static final String[] COLUMNS = {"seq", "recordedAt", "type", "workerId", "targetId", "correlationId",
            "sourceTopic", "sourcePartition", "sourceOffset", "payload", "prevHash", "hash"};

    @Inject
    DataSource dataSource;

    public void write(OutputStream out, Instant from, Instant to, boolean csv) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a cursor, not the whole result, is fetched
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT seq, recorded_at, type, worker_id, target_id, correlation_id, source_topic, source_partition,
                           source_offset, payload, prev_hash, hash
                    FROM audit_record
                    WHERE recorded_at >= ? AND recorded_at < ? ORDER BY seq""")) {
                s.setTimestamp(1, Timestamp.from(from == null ? Instant.EPOCH : from));
                s.setTimestamp(2, Timestamp.from(to == null ? Instant.parse("9999-12-31T00:00:00Z") : to));
                s.setFetchSize(1000);
                if (csv) {
                    CsvRows.write(writer, COLUMNS);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String[] row = row(rs);
                        if (csv) {
                            CsvRows.write(writer, row);
                        } else {
                            writeJsonLine(writer, row);
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IOException("export interrupted: the database failed", e);
        }
        writer.flush();
    }

    private static String[] row(ResultSet rs) throws SQLException {
        return new String[] {String.valueOf(rs.getLong(1)), rs.getTimestamp(2).toInstant().toString(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), String.valueOf(rs.getInt(8)),
                String.valueOf(rs.getLong(9)), rs.getString(10), rs.getString(11), rs.getString(12)};
    }

    private static void writeJsonLine(Writer writer, String[] row) throws IOException {
        JsonGenerator json = CanonicalJson.mapper().getFactory().createGenerator(writer);
        json.writeStartObject();
        json.writeNumberField("seq", Long.parseLong(row[0]));
        for (int i = 1; i < COLUMNS.length; i++) {
            if (COLUMNS[i].equals("payload")) {
                JsonNode payload = CanonicalJson.parse(row[i]);
                json.writeFieldName("payload");
                json.writeTree(payload);
            } else if (COLUMNS[i].equals("sourcePartition") || COLUMNS[i].equals("sourceOffset")) {
                json.writeNumberField(COLUMNS[i], Long.parseLong(row[i]));
            } else {
                json.writeStringField(COLUMNS[i], row[i]);
            }
        }
        json.writeEndObject();
        json.flush();
        writer.write('\n');
    }
}
