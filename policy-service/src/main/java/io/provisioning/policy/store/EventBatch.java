package io.provisioning.policy.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one batch of HR events reads and writes, held for the batch's transaction. Everything the
 * events need is loaded with a few set-based statements before the first one is applied, so that
 * applying an event reads memory; the rows the batch creates and adds to the outbox and the history
 * are written together before it commits (see {@link EventBatches}).
 *
 * <p>Only the workers of the batch are loaded: anything else (a worker not named by the batch, a new
 * account name not reserved beforehand) is read and written directly, as outside a batch.
 */
final class EventBatch {

    record OutboxRow(String topic, String key, String payload, Instant createdAt) {
    }

    record HistoryRow(String workerId, Instant at, String cause, String kind, String fromState, String toState,
                      String note) {
    }

    /** Event ids of the batch, and those among them never processed before (claimed once each). */
    final Set<String> eventIds = new HashSet<>();
    final Set<String> firstTime = new HashSet<>();

    /** The batch's workers: their identity row (locked), or null for one not hired yet. */
    final Map<String, IdentityEntity> identities = new HashMap<>();

    /** Managers named by the batch who have an identity (outside the batch's own workers). */
    final Set<String> knownManagers = new HashSet<>();
    final Set<String> askedManagers = new HashSet<>();
    /** Of the batch's workers, those who sponsor someone. */
    final Set<String> sponsors = new HashSet<>();

    final Map<String, List<AccountEntity>> accounts = new HashMap<>();

    /** Worker id to target id to account name. */
    final Map<String, Map<String, String>> names = new HashMap<>();

    final Map<String, List<ScheduledActionEntity>> pendingActions = new HashMap<>();

    /** The identity and account rows loaded, which the flush writes back where the events changed them. */
    final LoadedRows loaded = new LoadedRows();

    /** Rows the batch creates: plain objects until the flush inserts them with their final values. */
    final List<IdentityEntity> newIdentities = new ArrayList<>();
    final List<AccountEntity> newAccounts = new ArrayList<>();
    final List<ScheduledActionEntity> newActions = new ArrayList<>();

    final List<OutboxRow> outbox = new ArrayList<>();
    final List<HistoryRow> history = new ArrayList<>();

    boolean holds(String workerId) {
        return identities.containsKey(workerId);
    }
}
