package io.provisioning.ingest.scim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The table {@code scim_user}: one User resource per worker, read and written a bulk at a time. */
@ApplicationScoped
public class ScimUserStore {

    private static final String COLUMNS =
            "worker_id, user_name, resource, active, deleted, version, source, created, last_modified";

    /** What this service knows of a worker it holds no resource for, from the events and snapshots it accepted. */
    public enum History { UNKNOWN, ACTIVE, TERMINATED }

    /** A page of resources and how many match in all. */
    public record Page(List<StoredUser> users, int total) {
    }

    @Inject
    DataSource dataSource;

    /** A worker as a request finds them: their stored resource (or null) and what HR events said (or null). */
    public record Found(StoredUser stored, Known known) {
    }

    /**
     * Each worker's stored resource (deleted ones included) and, for those HR events or snapshots
     * named, whether their last hire or termination left them active and the source they belong
     * to. Read without locks: {@link #save} refuses to write over a row another request changed
     * in between.
     */
    public Map<String, Found> load(Collection<String> workerIds) {
        Map<String, Found> found = new HashMap<>();
        query("""
                SELECT ids.w, s.user_name, s.resource, s.active, s.deleted, s.version, s.source, s.created,
                       s.last_modified, o.source,
                       (SELECT e.event_type FROM ingested_event e
                         WHERE e.worker_id = o.worker_id
                           AND e.event_type IN ('hr.worker.hired', 'hr.worker.rehired', 'hr.worker.terminated')
                         ORDER BY e.event_time DESC LIMIT 1),
                       (SELECT bool_or(sw.present) FROM source_worker sw WHERE sw.worker_id = o.worker_id)
                FROM unnest(?::text[]) ids(w)
                LEFT JOIN scim_user s ON s.worker_id = ids.w
                LEFT JOIN worker_owner o ON o.worker_id = ids.w""", workerIds, rs -> {
            StoredUser stored = rs.getString(2) == null ? null : read(rs.getString(1), rs, 2);
            Known known = null;
            if (rs.getString(10) != null) {
                String lastLifecycle = rs.getString(11);
                boolean present = rs.getBoolean(12) || rs.wasNull();
                boolean terminated = lastLifecycle != null ? lastLifecycle.equals("hr.worker.terminated") : !present;
                known = new Known(rs.getString(10), terminated ? History.TERMINATED : History.ACTIVE);
            }
            found.put(rs.getString(1), new Found(stored, known));
        });
        return found;
    }

    /** Another request changed one of the workers between this one's read and its write. */
    public static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange(String message) {
            super(message, null, false, false);
        }
    }

    /** The workers whose existing resource holds one of those userNames (lower-cased), by userName. */
    public Map<String, String> userNameHolders(Collection<String> userNames) {
        Map<String, String> holders = new HashMap<>();
        query("SELECT lower(user_name), worker_id FROM scim_user WHERE lower(user_name) = ANY (?::text[]) AND NOT deleted",
                userNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList(),
                rs -> holders.put(rs.getString(1), rs.getString(2)));
        return holders;
    }

    /** A worker's owner (the source of their first event) and what their history says. */
    public record Known(String owner, History history) {
    }

    /**
     * Writes these resources, each only if its row is still at the version this request read (0: no
     * row): an insert for new workers, an update for the others, one statement each.
     *
     * @param readVersions the version each worker's row had when read, 0 for none
     * @throws ConcurrentChange if a row was written by another request since (or a userName taken
     *                          meanwhile): the caller rolls back and runs the request again
     */
    public void save(Collection<StoredUser> users, Map<String, Long> readVersions) {
        List<StoredUser> inserts = users.stream().filter(u -> readVersions.getOrDefault(u.workerId(), 0L) == 0).toList();
        List<StoredUser> updates = users.stream().filter(u -> readVersions.getOrDefault(u.workerId(), 0L) != 0).toList();
        try (Connection c = dataSource.getConnection()) {
            if (!inserts.isEmpty()) {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO scim_user (" + COLUMNS + """
                        ) SELECT worker_id, user_name, resource::text, active, deleted, version, source, created,
                                 last_modified
                          FROM json_to_recordset(?::json) AS""" + ROWS + " ON CONFLICT (worker_id) DO NOTHING")) {
                    for (List<StoredUser> chunk : chunks(inserts)) {
                        insert.setString(1, rows(chunk, readVersions));
                        if (insert.executeUpdate() != chunk.size()) {
                            throw new ConcurrentChange("a new worker's User was created by another request meanwhile");
                        }
                    }
                }
            }
            if (!updates.isEmpty()) {
                try (PreparedStatement update = c.prepareStatement("""
                        UPDATE scim_user s SET user_name = u.user_name, resource = u.resource::text, active = u.active,
                            deleted = u.deleted, version = u.version, source = u.source, last_modified = u.last_modified
                        FROM json_to_recordset(?::json) AS""" + ROWS + """
                         WHERE s.worker_id = u.worker_id AND s.version = u.read_version""")) {
                    for (List<StoredUser> chunk : chunks(updates)) {
                        update.setString(1, rows(chunk, readVersions));
                        if (update.executeUpdate() != chunk.size()) {
                            throw new ConcurrentChange("a worker's User was changed by another request meanwhile");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ConcurrentChange("a userName was taken by another request meanwhile");
            }
            throw new IllegalStateException("cannot store SCIM users", e);
        }
    }

    /**
     * Users per statement: a bulk's thousand resources in one parameter would be a string of about a
     * megabyte, which the JVM's collector allocates as a humongous region (and copies twice more
     * while it grows and is encoded); a few statements of smaller ones cost less.
     */
    private static final int ROWS_PER_STATEMENT = 200;

    private static List<List<StoredUser>> chunks(List<StoredUser> users) {
        List<List<StoredUser>> chunks = new ArrayList<>();
        for (int from = 0; from < users.size(); from += ROWS_PER_STATEMENT) {
            chunks.add(users.subList(from, Math.min(users.size(), from + ROWS_PER_STATEMENT)));
        }
        return chunks;
    }

    /** The columns of {@link #rows}: the resource is a JSON value of its own, so its text is kept as written. */
    private static final String ROWS = " u(worker_id text, user_name text, resource json, active boolean,"
            + " deleted boolean, version bigint, source text, created timestamptz, last_modified timestamptz,"
            + " read_version bigint)";

    /**
     * The users as one JSON array, one parameter: the resources are nested as objects, not escaped
     * into strings (which a text[] parameter would need, at twice the cost), and PostgreSQL keeps
     * each one's text as written.
     */
    private static String rows(List<StoredUser> users, Map<String, Long> readVersions) {
        StringWriter out = new StringWriter(users.size() * 640);
        try (JsonGenerator json = Scim.JSON.getFactory().createGenerator(out)) {
            json.writeStartArray();
            for (StoredUser u : users) {
                json.writeStartObject();
                json.writeStringField("worker_id", u.workerId());
                json.writeStringField("user_name", u.userName());
                json.writeFieldName("resource");
                Scim.JSON.writeTree(json, u.resource());
                json.writeBooleanField("active", u.active());
                json.writeBooleanField("deleted", u.deleted());
                json.writeNumberField("version", u.version());
                json.writeStringField("source", u.source());
                json.writeStringField("created", u.created().toString());
                json.writeStringField("last_modified", u.lastModified().toString());
                json.writeNumberField("read_version", readVersions.getOrDefault(u.workerId(), 0L));
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("a resource is always writable", e);
        }
        return out.toString();
    }

    /** An existing (not deleted) resource. */
    public Optional<StoredUser> find(String workerId) {
        List<StoredUser> found = new ArrayList<>();
        query("SELECT " + COLUMNS + " FROM scim_user WHERE worker_id = ANY (?::text[]) AND NOT deleted",
                List.of(workerId), rs -> found.add(read(rs)));
        return found.stream().findFirst();
    }

    /**
     * Existing resources, in worker id order, optionally those whose attribute equals a value.
     *
     * @param attribute {@code id}, {@code externalId} or {@code userName} (case-insensitive), or null for all
     * @param offset    0-based
     */
    public Page page(String attribute, String value, int offset, int count) {
        String where = " WHERE NOT deleted" + switch (attribute == null ? "" : attribute) {
            case "userName" -> " AND lower(user_name) = lower(?)";
            case "id", "externalId" -> " AND worker_id = ?";
            default -> "";
        };
        try (Connection c = dataSource.getConnection();
             PreparedStatement total = c.prepareStatement("SELECT count(*) FROM scim_user" + where);
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM scim_user" + where
                     + " ORDER BY worker_id OFFSET ? LIMIT ?")) {
            int next = 1;
            if (attribute != null) {
                total.setString(1, value);
                select.setString(next++, value);
            }
            select.setInt(next++, offset);
            select.setInt(next, count);
            List<StoredUser> users = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    users.add(read(rs));
                }
            }
            try (ResultSet rs = total.executeQuery()) {
                rs.next();
                return new Page(users, rs.getInt(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list SCIM users", e);
        }
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Collection<String> values, RowHandler handler) {
        if (values.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(sql)) {
            select.setArray(1, c.createArrayOf("text", values.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read SCIM users", e);
        }
    }

    private static StoredUser read(ResultSet rs) throws SQLException {
        return read(rs.getString(1), rs, 2);
    }

    /** A stored user whose columns from user_name on start at {@code first}. */
    private static StoredUser read(String workerId, ResultSet rs, int first) throws SQLException {
        try {
            return new StoredUser(workerId, rs.getString(first), (ObjectNode) Scim.JSON.readTree(rs.getString(first + 1)),
                    rs.getBoolean(first + 2), rs.getBoolean(first + 3), rs.getLong(first + 4), rs.getString(first + 5),
                    rs.getTimestamp(first + 6).toInstant(), rs.getTimestamp(first + 7).toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored SCIM resource is always JSON", e);
        }
    }
}
