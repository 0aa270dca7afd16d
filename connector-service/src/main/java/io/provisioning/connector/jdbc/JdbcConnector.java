package io.provisioning.connector.jdbc;

import io.provisioning.connector.spi.AttributeDelta;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ControlledAttributes;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.DeleteOp;
import io.provisioning.connector.spi.EnableOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.InvalidAttributeValueException;
import io.provisioning.connector.spi.ListOp;
import io.provisioning.connector.spi.TestOp;
import io.provisioning.connector.spi.TransactionalOp;
import io.provisioning.connector.spi.UnknownAccountException;
import io.provisioning.connector.spi.UpdateDeltaOp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accounts as rows of an application's table (one column per attribute, a boolean disabled
 * column) and group memberships as rows of a second table. Every call is one transaction, or part
 * of the command's transaction when the runtime opened one ({@link TransactionalOp}).
 */
final class JdbcConnector implements CreateOp, UpdateDeltaOp, EnableOp, DeleteOp, GetOp, GroupMembershipOp,
        ListOp, TestOp, TransactionalOp, ControlledAttributes {

    private static final int IN_CHUNK = 500;

    private final JdbcSettings settings;
    private final ConnectionPool pool;
    /** The connection of the command transaction the calling thread is in, if any. */
    private final ThreadLocal<Connection> commandTransaction = new ThreadLocal<>();

    JdbcConnector(JdbcSettings settings) {
        this.settings = settings;
        this.pool = new ConnectionPool(settings);
    }

    @FunctionalInterface
    private interface Work<T> {
        T in(Connection connection) throws SQLException;
    }

    /** The key and the disabled flag are the connector's; a command attribute stored in either is refused. */
    @Override
    public boolean controls(String attribute) {
        String column;
        try {
            column = settings.column(attribute);
        } catch (RuntimeException notAnIdentifier) {
            return false; // refused when written, as before: not an attribute this table can hold
        }
        return column.equalsIgnoreCase(settings.accountIdColumn()) || column.equalsIgnoreCase(settings.disabledColumn())
                || attribute.equalsIgnoreCase("password");
    }

    @Override
    public String targetId() {
        return settings.targetId();
    }

    @Override
    public void test() {
        transaction("test connection", connection -> connection.isValid(5));
    }

    @Override
    public Optional<ConnectorAccount> get(String accountId) {
        return transaction("read account", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select * from " + settings.accountsTable() + " where " + settings.accountIdColumn() + " = ?")) {
                select.setString(1, accountId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Map<String, Set<String>> groups = groupsOf(connection, List.of(accountId));
                    return Optional.of(account(row, groups));
                }
            }
        });
    }

    @Override
    public void create(String accountId, Map<String, List<String>> attributes, boolean enabled) {
        List<String> columns = new ArrayList<>(List.of(settings.accountIdColumn(), settings.disabledColumn()));
        List<Object> values = new ArrayList<>(List.of(accountId, !enabled));
        new TreeMap<>(attributes).forEach((name, value) -> {
            columns.add(settings.column(name));
            values.add(single(name, value));
        });
        String sql = "insert into " + settings.accountsTable() + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        transaction("insert account", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                bind(insert, values);
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void update(String accountId, AttributeDelta delta) {
        List<String> assignments = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        new TreeMap<>(delta.replace()).forEach((name, value) -> {
            assignments.add(settings.column(name) + " = ?");
            values.add(single(name, value));
        });
        for (String name : new java.util.TreeSet<>(delta.remove())) {
            assignments.add(settings.column(name) + " = null");
        }
        if (assignments.isEmpty()) {
            return;
        }
        values.add(accountId);
        updateOne("update account", "update " + settings.accountsTable() + " set " + String.join(", ", assignments)
                + " where " + settings.accountIdColumn() + " = ?", values, accountId);
    }

    @Override
    public void setEnabled(String accountId, boolean enabled) {
        updateOne("update account state", "update " + settings.accountsTable() + " set " + settings.disabledColumn()
                + " = ? where " + settings.accountIdColumn() + " = ?", List.of(!enabled, accountId), accountId);
    }

    @Override
    public void delete(String accountId) {
        transaction("delete account", connection -> {
            try (PreparedStatement memberships = connection.prepareStatement("delete from " + settings.membershipsTable()
                    + " where " + settings.membershipAccountColumn() + " = ?");
                    PreparedStatement account = connection.prepareStatement("delete from " + settings.accountsTable()
                            + " where " + settings.accountIdColumn() + " = ?")) {
                memberships.setString(1, accountId);
                memberships.executeUpdate();
                account.setString(1, accountId);
                if (account.executeUpdate() == 0) {
                    throw unknown(accountId);
                }
                return null;
            }
        });
    }

    @Override
    public void addMembers(String group, Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return;
        }
        transaction("add group members", connection -> {
            Set<String> existing = existingAccounts(connection, accountIds);
            for (String accountId : accountIds) {
                if (!existing.contains(accountId)) {
                    throw unknown(accountId);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into " + settings.membershipsTable()
                    + " (" + settings.membershipAccountColumn() + ", " + settings.membershipGroupColumn() + ") select ?, ?"
                    + " where not exists (select 1 from " + settings.membershipsTable() + " where "
                    + settings.membershipAccountColumn() + " = ? and " + settings.membershipGroupColumn() + " = ?)")) {
                for (String accountId : accountIds) {
                    bind(insert, List.of(accountId, group, accountId, group));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void removeMembers(String group, Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return;
        }
        transaction("remove group members", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from " + settings.membershipsTable()
                    + " where " + settings.membershipAccountColumn() + " = ? and " + settings.membershipGroupColumn() + " = ?")) {
                for (String accountId : accountIds) {
                    bind(delete, List.of(accountId, group));
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Page list(String cursor, int pageSize) {
        return transaction("list accounts", connection -> {
            String sql = "select * from " + settings.accountsTable()
                    + (cursor == null ? "" : " where " + settings.accountIdColumn() + " > ?")
                    + " order by " + settings.accountIdColumn();
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                if (cursor != null) {
                    select.setString(1, cursor);
                }
                select.setMaxRows(pageSize + 1);
                List<Map<String, Object>> rows = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next() && rows.size() < pageSize + 1) {
                        rows.add(columns(row));
                        ids.add(row.getString(settings.accountIdColumn()));
                    }
                }
                boolean more = rows.size() > pageSize;
                if (more) {
                    rows = rows.subList(0, pageSize);
                    ids = ids.subList(0, pageSize);
                }
                Map<String, Set<String>> groups = groupsOf(connection, ids);
                List<ConnectorAccount> accounts = new ArrayList<>();
                for (Map<String, Object> columns : rows) {
                    accounts.add(account(columns, groups));
                }
                return new Page(accounts, more ? Optional.of(ids.get(ids.size() - 1)) : Optional.empty());
            }
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    private void updateOne(String operation, String sql, List<Object> values, String accountId) {
        transaction(operation, connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                bind(update, values);
                if (update.executeUpdate() == 0) {
                    throw unknown(accountId);
                }
                return null;
            }
        });
    }

    @Override
    public <T> T inTransaction(java.util.function.Supplier<T> work) {
        if (commandTransaction.get() != null) {
            return work.get();
        }
        Connection connection = pool.borrow();
        commandTransaction.set(connection);
        boolean broken = false;
        try {
            T result = work.get();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback(connection);
            broken = true;
            throw SqlErrors.translate("commit", e);
        } catch (RuntimeException e) {
            rollback(connection);
            throw e;
        } finally {
            commandTransaction.remove();
            pool.giveBack(connection, broken);
        }
    }

    private <T> T transaction(String operation, Work<T> work) {
        Connection inCommand = commandTransaction.get();
        if (inCommand != null) {
            try {
                return work.in(inCommand);
            } catch (SQLException e) {
                throw SqlErrors.translate(operation, e);
            }
        }
        Connection connection = pool.borrow();
        boolean broken = false;
        try {
            T result = work.in(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollback(connection);
            broken = e.getSQLState() != null && e.getSQLState().startsWith("08");
            throw SqlErrors.translate(operation, e);
        } catch (RuntimeException e) {
            rollback(connection);
            throw e;
        } finally {
            pool.giveBack(connection, broken);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is given back broken or closed; nothing was committed
        }
    }

    private Set<String> existingAccounts(Connection connection, Collection<String> accountIds) throws SQLException {
        Set<String> existing = new HashSet<>();
        List<String> ids = new ArrayList<>(accountIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            try (PreparedStatement select = connection.prepareStatement("select " + settings.accountIdColumn() + " from "
                    + settings.accountsTable() + " where " + settings.accountIdColumn() + " in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                bind(select, new ArrayList<>(chunk));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        existing.add(rows.getString(1));
                    }
                }
            }
        }
        return existing;
    }

    private Map<String, Set<String>> groupsOf(Connection connection, List<String> accountIds) throws SQLException {
        Map<String, Set<String>> groups = new HashMap<>();
        for (int from = 0; from < accountIds.size(); from += IN_CHUNK) {
            List<String> chunk = accountIds.subList(from, Math.min(accountIds.size(), from + IN_CHUNK));
            try (PreparedStatement select = connection.prepareStatement("select " + settings.membershipAccountColumn()
                    + ", " + settings.membershipGroupColumn() + " from " + settings.membershipsTable() + " where "
                    + settings.membershipAccountColumn() + " in (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                bind(select, new ArrayList<>(chunk));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        groups.computeIfAbsent(rows.getString(1), id -> new HashSet<>()).add(rows.getString(2));
                    }
                }
            }
        }
        return groups;
    }

    private ConnectorAccount account(ResultSet row, Map<String, Set<String>> groups) throws SQLException {
        return account(columns(row), groups);
    }

    private ConnectorAccount account(Map<String, Object> columns, Map<String, Set<String>> groups) {
        String accountId = String.valueOf(columns.get(settings.accountIdColumn().toLowerCase()));
        Object disabled = columns.get(settings.disabledColumn().toLowerCase());
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        columns.forEach((column, value) -> {
            boolean bookkeeping = settings.bookkeepingColumns().stream().anyMatch(c -> c.equalsIgnoreCase(column));
            if (!bookkeeping && value != null) {
                attributes.put(settings.attribute(column), List.of(String.valueOf(value)));
            }
        });
        return new ConnectorAccount(accountId, accountId, !Boolean.TRUE.equals(disabled), attributes,
                groups.getOrDefault(accountId, Set.of()));
    }

    private static Map<String, Object> columns(ResultSet row) throws SQLException {
        ResultSetMetaData meta = row.getMetaData();
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.put(meta.getColumnLabel(i).toLowerCase(), row.getObject(i));
        }
        return columns;
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw new InvalidAttributeValueException("attribute " + name + " takes one value in a table column, not "
                    + values.size(), null);
        }
        return values.get(0);
    }

    private static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
    }

    private UnknownAccountException unknown(String accountId) {
        return new UnknownAccountException("no account " + accountId + " in " + settings.accountsTable(), null);
    }
}
