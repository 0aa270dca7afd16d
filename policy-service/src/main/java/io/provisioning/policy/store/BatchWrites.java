package io.provisioning.policy.store;

import io.provisioning.policy.store.IdentityBatch.HistoryRow;
import io.provisioning.policy.store.IdentityBatch.OutboxRow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/** Writes what an identity batch decided, a few statements for the whole batch. */
final class BatchWrites {

    private BatchWrites() {
    }

    /** New identities and accounts, the loaded rows that changed, new actions, history, outbox: in that order. */
    static void write(Connection c, IdentityBatch batch) throws SQLException {
        writeIdentities(c, batch);
        writeAccounts(c, batch);
        batch.loaded.write(c);
        writeActions(c, batch);
        writeHistory(c, batch);
        writeOutbox(c, batch);
    }

    /*
     * Identities and accounts carry JSON documents: sent as JDBC batches (rewritten by the driver as
     * multi-row INSERTs), each value encoded once, instead of as arrays whose every element the
     * driver escapes into one long literal.
     */
    private static void writeIdentities(Connection c, IdentityBatch batch) throws SQLException {
        if (batch.newIdentities.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO identity (worker_id, lifecycle, attributes, accounts_deleted, last_event_time,
                                      last_event_id, error, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (IdentityEntity identity : batch.newIdentities) {
                insert.setString(1, identity.workerId);
                insert.setString(2, identity.lifecycle.name());
                insert.setString(3, identity.attributes());
                insert.setBoolean(4, identity.accountsDeleted);
                insert.setObject(5, timestamp(identity.lastEventTime));
                insert.setString(6, identity.lastEventId);
                insert.setString(7, identity.error);
                insert.setObject(8, timestamp(identity.updatedAt));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void writeAccounts(Connection c, IdentityBatch batch) throws SQLException {
        if (batch.newAccounts.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO account (worker_id, target_id, account_id, sequence, desired_state, desired, status,
                                     actual_groups, last_error, applied_sequence, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (AccountEntity account : batch.newAccounts) {
                insert.setString(1, account.workerId);
                insert.setString(2, account.targetId);
                insert.setString(3, account.accountId);
                insert.setLong(4, account.sequence);
                insert.setString(5, account.desiredState);
                insert.setString(6, account.desired);
                insert.setString(7, account.status);
                insert.setString(8, account.actualGroups);
                insert.setString(9, account.lastError);
                insert.setLong(10, account.appliedSequence);
                insert.setObject(11, timestamp(account.updatedAt));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void writeActions(Connection c, IdentityBatch batch) throws SQLException {
        List<ScheduledActionEntity> rows = batch.newActions;
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO scheduled_action (id, worker_id, action, due_at, status, correlation_id, payload,
                                              created_at, done_at)
                SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::text[],
                                     ?::text[], ?::timestamptz[], ?::timestamptz[])""")) {
            insert.setArray(1, texts(c, rows, a -> a.id));
            insert.setArray(2, texts(c, rows, a -> a.workerId));
            insert.setArray(3, texts(c, rows, a -> a.action.name()));
            insert.setArray(4, texts(c, rows, a -> text(a.dueAt)));
            insert.setArray(5, texts(c, rows, a -> a.status));
            insert.setArray(6, texts(c, rows, a -> a.correlationId));
            insert.setArray(7, texts(c, rows, a -> a.payload));
            insert.setArray(8, texts(c, rows, a -> text(a.createdAt)));
            insert.setArray(9, texts(c, rows, a -> text(a.doneAt)));
            insert.executeUpdate();
        }
    }

    private static <T> Array texts(Connection c, List<T> rows, Function<T, String> field) throws SQLException {
        return c.createArrayOf("text", rows.stream().map(field).toArray());
    }

    /** ISO-8601 in UTC, which PostgreSQL reads back as the same instant. */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void writeHistory(Connection c, IdentityBatch batch) throws SQLException {
        if (batch.history.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO identity_history (worker_id, at, cause, kind, from_state, to_state, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            for (HistoryRow row : batch.history) {
                insert.setString(1, row.workerId());
                insert.setObject(2, timestamp(row.at()));
                insert.setString(3, row.cause());
                insert.setString(4, row.kind());
                insert.setString(5, row.fromState());
                insert.setString(6, row.toState());
                insert.setString(7, row.note());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** In the order enqueued: the relay sends by id, and one worker's commands must keep their order. */
    private static void writeOutbox(Connection c, IdentityBatch batch) throws SQLException {
        if (batch.outbox.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO outbox (topic, message_key, payload, created_at, accepted_at) VALUES (?, ?, ?, ?, ?)")) {
            for (OutboxRow row : batch.outbox) {
                insert.setString(1, row.topic());
                insert.setString(2, row.key());
                insert.setString(3, row.payload());
                insert.setObject(4, timestamp(row.createdAt()));
                insert.setObject(5, timestamp(row.acceptedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** An instant as JDBC sends a timestamptz; null stays null. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
