package io.provisioning.ingest.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provisioning.contracts.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    private static final ObjectMapper MAPPER = Json.mapper();
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
     * Locks the workers' rows until the surrounding transaction ends, so two requests about one
     * worker are compared against each other's result, never against the same old state; then
     * reads each one's stored resource (deleted ones included) and, for those HR events or
     * snapshots named, whether their last hire or termination left them active and the source they
     * belong to.
     *
     * <p>A worker without a row gets a placeholder (version 0, deleted), which the request's save
     * replaces: row locks, unlike advisory ones, take no slot in PostgreSQL's shared lock table,
     * which a few bulks of 1 000 would fill. Rows are inserted and locked in id order, so two bulks
     * sharing workers cannot deadlock, and the locking read returns each row as the last
     * transaction that held it left it.
     */
    public Map<String, Found> lockAndLoad(Collection<String> workerIds) {
        Object[] ids = workerIds.stream().sorted().toArray();
        Map<String, Found> found = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement placeholders = c.prepareStatement("""
                     INSERT INTO scim_user (worker_id, user_name, resource, active, deleted, version, source, created,
                                            last_modified)
                     SELECT w, '', '{}', false, true, 0, '', now(), now() FROM unnest(?::text[]) w ORDER BY w
                     ON CONFLICT (worker_id) DO NOTHING""");
             PreparedStatement lock = c.prepareStatement("""
                     SELECT worker_id FROM scim_user WHERE worker_id = ANY (?::text[]) ORDER BY worker_id FOR UPDATE""");
             PreparedStatement load = c.prepareStatement("""
                     SELECT ids.w, s.user_name, s.resource, s.active, s.deleted, s.version, s.source, s.created,
                            s.last_modified, o.source,
                            (SELECT e.event_type FROM ingested_event e
                              WHERE e.worker_id = o.worker_id
                                AND e.event_type IN ('hr.worker.hired', 'hr.worker.rehired', 'hr.worker.terminated')
                              ORDER BY e.event_time DESC LIMIT 1),
                            (SELECT bool_or(sw.present) FROM source_worker sw WHERE sw.worker_id = o.worker_id)
                     FROM unnest(?::text[]) ids(w)
                     JOIN scim_user s ON s.worker_id = ids.w
                     LEFT JOIN worker_owner o ON o.worker_id = ids.w""")) {
            java.sql.Array array = c.createArrayOf("text", ids);
            placeholders.setArray(1, array);
            placeholders.executeUpdate();
            lock.setArray(1, array);
            lock.executeQuery().close();
            // a statement of its own: in READ COMMITTED its snapshot is taken after the locks are held
            load.setArray(1, array);
            try (ResultSet rs = load.executeQuery()) {
                while (rs.next()) {
                    StoredUser stored = rs.getLong(6) == 0 ? null : read(rs.getString(1), rs, 2);
                    Known known = null;
                    if (rs.getString(10) != null) {
                        String lastLifecycle = rs.getString(11);
                        boolean present = rs.getBoolean(12) || rs.wasNull();
                        boolean terminated = lastLifecycle != null ? lastLifecycle.equals("hr.worker.terminated") : !present;
                        known = new Known(rs.getString(10), terminated ? History.TERMINATED : History.ACTIVE);
                    }
                    found.put(rs.getString(1), new Found(stored, known));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock and read SCIM users", e);
        }
        return found;
    }

    /** Removes the placeholders of workers whose operations failed (rows no request saved). */
    public void dropPlaceholders(Collection<String> workerIds) {
        if (workerIds.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement(
                     "DELETE FROM scim_user WHERE worker_id = ANY (?::text[]) AND version = 0")) {
            delete.setArray(1, c.createArrayOf("text", workerIds.toArray()));
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove SCIM placeholders", e);
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

    /** Inserts or replaces these resources in one statement. */
    public void save(Collection<StoredUser> users) {
        if (users.isEmpty()) {
            return;
        }
        List<Object> ids = new ArrayList<>(), names = new ArrayList<>(), resources = new ArrayList<>(),
                actives = new ArrayList<>(), deleted = new ArrayList<>(), versions = new ArrayList<>(),
                sources = new ArrayList<>(), created = new ArrayList<>(), modified = new ArrayList<>();
        for (StoredUser u : users) {
            ids.add(u.workerId());
            names.add(u.userName());
            resources.add(write(u.resource()));
            actives.add(u.active());
            deleted.add(u.deleted());
            versions.add(u.version());
            sources.add(u.source());
            created.add(Timestamp.from(u.created()));
            modified.add(Timestamp.from(u.lastModified()));
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement upsert = c.prepareStatement("INSERT INTO scim_user (" + COLUMNS + """
                     ) SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::boolean[], ?::bigint[],
                                           ?::text[], ?::timestamptz[], ?::timestamptz[])
                     ON CONFLICT (worker_id) DO UPDATE SET user_name = excluded.user_name, resource = excluded.resource,
                         active = excluded.active, deleted = excluded.deleted, version = excluded.version,
                         source = excluded.source, last_modified = excluded.last_modified""")) {
            upsert.setArray(1, c.createArrayOf("text", ids.toArray()));
            upsert.setArray(2, c.createArrayOf("text", names.toArray()));
            upsert.setArray(3, c.createArrayOf("text", resources.toArray()));
            upsert.setArray(4, c.createArrayOf("boolean", actives.toArray()));
            upsert.setArray(5, c.createArrayOf("boolean", deleted.toArray()));
            upsert.setArray(6, c.createArrayOf("bigint", versions.toArray()));
            upsert.setArray(7, c.createArrayOf("text", sources.toArray()));
            upsert.setArray(8, c.createArrayOf("timestamptz", created.toArray()));
            upsert.setArray(9, c.createArrayOf("timestamptz", modified.toArray()));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store SCIM users", e);
        }
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
            return new StoredUser(workerId, rs.getString(first), (ObjectNode) MAPPER.readTree(rs.getString(first + 1)),
                    rs.getBoolean(first + 2), rs.getBoolean(first + 3), rs.getLong(first + 4), rs.getString(first + 5),
                    rs.getTimestamp(first + 6).toInstant(), rs.getTimestamp(first + 7).toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored SCIM resource is always JSON", e);
        }
    }

    private static String write(ObjectNode resource) {
        try {
            return MAPPER.writeValueAsString(resource);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resource is always writable", e);
        }
    }
}
