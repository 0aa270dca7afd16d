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
 * applying an event reads memory; the rows the batch adds to the outbox, the history and the name
 * registry are written together before it commits (see {@link EventBatches}).
 *
 * <p>Only the workers of the batch are loaded: anything else (a worker not named by the batch, a
 * name base not locked for it) is read and written directly, as outside a batch.
 */
final class EventBatch {

    /** A name base of one target, as the counter rows of account_name_base are keyed. */
    record NameBase(String targetId, String base) implements Comparable<NameBase> {
        @Override
        public int compareTo(NameBase other) {
            int byTarget = targetId.compareTo(other.targetId);
            return byTarget != 0 ? byTarget : base.compareTo(other.base);
        }
    }

    record OutboxRow(String topic, String key, String payload, Instant createdAt) {
    }

    record HistoryRow(String workerId, Instant at, String cause, String kind, String fromState, String toState,
                      String note) {
    }

    record Reservation(String targetId, String accountId, String workerId) {
    }

    /** Event ids of the batch, and those among them never processed before (claimed once each). */
    final Set<String> eventIds = new HashSet<>();
    final Set<String> firstTime = new HashSet<>();

    /** The batch's workers: their identity row (locked), or null for one not hired yet. */
    final Map<String, IdentityEntity> identities = new HashMap<>();

    /** Managers named by the batch who have an identity (outside the batch's own workers). */
    final Set<String> knownManagers = new HashSet<>();
    final Set<String> askedManagers = new HashSet<>();

    final Map<String, List<AccountEntity>> accounts = new HashMap<>();

    /** Worker id to target id to account name. */
    final Map<String, Map<String, String>> names = new HashMap<>();

    /** Target id to the names reserved by this batch (not yet written). */
    final Map<String, Set<String>> reservedNames = new HashMap<>();

    final Map<String, List<ScheduledActionEntity>> pendingActions = new HashMap<>();

    /** Locked counters of the name bases the batch may need, with their current value. */
    final Map<NameBase, Long> counters = new HashMap<>();
    final Set<NameBase> advancedCounters = new HashSet<>();

    /** Rows the batch creates: plain objects until the flush inserts them with their final values. */
    final List<IdentityEntity> newIdentities = new ArrayList<>();
    final List<AccountEntity> newAccounts = new ArrayList<>();
    final List<ScheduledActionEntity> newActions = new ArrayList<>();

    final List<Reservation> reservations = new ArrayList<>();
    final List<OutboxRow> outbox = new ArrayList<>();
    final List<HistoryRow> history = new ArrayList<>();

    boolean holds(String workerId) {
        return identities.containsKey(workerId);
    }

    Set<String> reservedIn(String targetId) {
        return reservedNames.computeIfAbsent(targetId, t -> new HashSet<>());
    }
}
