package io.provisioning.policy.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The identity and account rows an identity batch loaded, with their columns as loaded. When
 * the batch is flushed, the rows its events changed are written with one {@code UPDATE ... FROM
 * (VALUES ...)} per table instead of one statement per row, and the session does not track these
 * entities (they are read-only to it): its flush compared every loaded entity with its copy and
 * updated the changed ones row by row (docs/performance.md, "Settings").
 *
 * <p>An identity row is locked by the batch, so a changed one is written whole. An account row is
 * not: an outcome's report is written to its other columns meanwhile ({@link AccountStatusUpdater}),
 * so an account is written with the columns the batch changed and no other, as the session's
 * dynamic update did.
 */
final class LoadedRows {

    /** One column written by the flush: its name, its PostgreSQL type, its value in an entity. */
    private record Column<T>(String name, String type, Function<T, Object> value) {
    }

    private static final List<Column<IdentityEntity>> IDENTITY_KEY = List.of(
            new Column<>("worker_id", "text", i -> i.workerId));
    private static final List<Column<IdentityEntity>> IDENTITY_COLUMNS = List.of(
            new Column<>("lifecycle", "text", i -> i.lifecycle == null ? null : i.lifecycle.name()),
            new Column<>("attributes", "text", IdentityEntity::attributes),
            new Column<>("accounts_deleted", "boolean", i -> i.accountsDeleted),
            new Column<>("last_event_time", "timestamptz", i -> BatchWrites.timestamp(i.lastEventTime)),
            new Column<>("last_event_id", "text", i -> i.lastEventId),
            new Column<>("error", "text", i -> i.error),
            new Column<>("updated_at", "timestamptz", i -> BatchWrites.timestamp(i.updatedAt)));

    private static final List<Column<AccountEntity>> ACCOUNT_KEY = List.of(
            new Column<>("worker_id", "text", a -> a.workerId),
            new Column<>("target_id", "text", a -> a.targetId));
    private static final List<Column<AccountEntity>> ACCOUNT_COLUMNS = List.of(
            new Column<>("account_id", "text", a -> a.accountId),
            new Column<>("sequence", "bigint", a -> a.sequence),
            new Column<>("desired_state", "text", a -> a.desiredState),
            new Column<>("desired", "text", a -> a.desired),
            new Column<>("status", "text", a -> a.status),
            new Column<>("actual_groups", "text", a -> a.actualGroups),
            new Column<>("last_error", "text", a -> a.lastError),
            new Column<>("applied_sequence", "bigint", a -> a.appliedSequence),
            new Column<>("updated_at", "timestamptz", a -> BatchWrites.timestamp(a.updatedAt)));

    /** Rows per statement: far below PostgreSQL's 65 535 parameters for either table. */
    private static final int ROWS_PER_STATEMENT = 1000;

    private final Map<IdentityEntity, List<Object>> identities = new IdentityHashMap<>();
    private final Map<AccountEntity, List<Object>> accounts = new IdentityHashMap<>();

    void add(IdentityEntity identity) {
        identities.put(identity, values(identity, IDENTITY_COLUMNS));
    }

    void add(AccountEntity account) {
        accounts.put(account, values(account, ACCOUNT_COLUMNS));
    }

    /** Whether a row changed since it was loaded (or last written). */
    boolean changed() {
        return identities.entrySet().stream().anyMatch(e -> !e.getValue().equals(values(e.getKey(), IDENTITY_COLUMNS)))
                || accounts.entrySet().stream().anyMatch(e -> !e.getValue().equals(values(e.getKey(), ACCOUNT_COLUMNS)));
    }

    /** Writes the rows changed since they were loaded (or last written), then takes them as written. */
    void write(Connection c) throws SQLException {
        List<IdentityEntity> changedIdentities = new ArrayList<>();
        identities.forEach((identity, loaded) -> {
            if (!changed(loaded, values(identity, IDENTITY_COLUMNS)).isEmpty()) {
                changedIdentities.add(identity);
            }
        });
        update(c, "identity", IDENTITY_KEY, IDENTITY_COLUMNS, changedIdentities);
        changedIdentities.forEach(this::add);

        // grouped by the columns that changed: each group is one statement
        Map<BitSet, List<AccountEntity>> changedAccounts = new LinkedHashMap<>();
        accounts.forEach((account, loaded) -> {
            BitSet columns = changed(loaded, values(account, ACCOUNT_COLUMNS));
            if (!columns.isEmpty()) {
                changedAccounts.computeIfAbsent(columns, k -> new ArrayList<>()).add(account);
            }
        });
        for (Map.Entry<BitSet, List<AccountEntity>> group : changedAccounts.entrySet()) {
            List<Column<AccountEntity>> columns = group.getKey().stream().mapToObj(ACCOUNT_COLUMNS::get).toList();
            // In the order in which AccountStatusUpdater locks accounts (PostgreSQL updates the rows in
            // the order of the VALUES list): within a statement the two take the locks in one order.
            // Across the groups of one batch they may not; PostgreSQL then ends one of the two
            // transactions as deadlocked and its consumer applies it again, as when the session
            // updated the rows in the order it had loaded them.
            group.getValue().sort(Comparator.comparing((AccountEntity a) -> a.workerId).thenComparing(a -> a.targetId));
            update(c, "account", ACCOUNT_KEY, columns, group.getValue());
            group.getValue().forEach(this::add);
        }
    }

    private static <T> List<Object> values(T entity, List<Column<T>> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        columns.forEach(column -> values.add(column.value().apply(entity)));
        return values;
    }

    /** The positions at which the two lists of values differ. */
    private static BitSet changed(List<Object> loaded, List<Object> now) {
        BitSet changed = new BitSet(loaded.size());
        for (int i = 0; i < loaded.size(); i++) {
            if (!Objects.equals(loaded.get(i), now.get(i))) {
                changed.set(i);
            }
        }
        return changed;
    }

    private static <T> void update(Connection c, String table, List<Column<T>> key, List<Column<T>> columns,
            List<T> rows) throws SQLException {
        List<Column<T>> all = new ArrayList<>(key);
        all.addAll(columns);
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement update = c.prepareStatement(sql(table, key, columns, chunk.size()))) {
                int parameter = 1;
                for (T row : chunk) {
                    for (Column<T> column : all) {
                        Object value = column.value().apply(row);
                        if (value == null) {
                            update.setNull(parameter++, Types.VARCHAR);
                        } else {
                            update.setObject(parameter++, value);
                        }
                    }
                }
                int updated = update.executeUpdate();
                if (updated != chunk.size()) {
                    // a loaded row is locked (identity) or never deleted (account): anything else is a bug
                    throw new IllegalStateException(table + ": " + updated + " rows updated of " + chunk.size());
                }
            }
        }
    }

    /**
     * {@code UPDATE t AS r SET c = v.c, ... FROM (VALUES (?::type, ...), ...) AS v(k, c, ...)
     * WHERE r.k = v.k}: each value sent once as a parameter of its own.
     */
    private static <T> String sql(String table, List<Column<T>> key, List<Column<T>> columns, int rows) {
        List<Column<T>> all = new ArrayList<>(key);
        all.addAll(columns);
        String row = all.stream().map(column -> "?::" + column.type()).collect(Collectors.joining(", ", "(", ")"));
        StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" AS r SET ")
                .append(columns.stream().map(column -> column.name() + " = v." + column.name())
                        .collect(Collectors.joining(", ")))
                .append(" FROM (VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        return sql.append(") AS v(").append(all.stream().map(Column::name).collect(Collectors.joining(", ")))
                .append(") WHERE ").append(key.stream().map(column -> "r." + column.name() + " = v." + column.name())
                        .collect(Collectors.joining(" AND ")))
                .toString();
    }
}
