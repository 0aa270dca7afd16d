package io.provisioning.policy.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The unit of work of one transaction on identities: a batch of HR events, one event, a due
 * action, a slice of a policy rollout. What it works on is loaded with a few set-based statements
 * (more workers can join it later, loaded the same way); what it decides (new rows, commands and
 * notices for the outbox, history) is kept here and written together before it commits (see
 * {@link IdentityRepository}).
 */
final class IdentityBatch {

    record OutboxRow(String topic, String key, String payload, Instant createdAt, Instant acceptedAt) {
    }

    record HistoryRow(String workerId, Instant at, String cause, String kind, String fromState, String toState,
                      String note) {
    }

    /** Event ids of the batch, and those among them never processed before (claimed once each). */
    final Set<String> eventIds = new HashSet<>();
    final Set<String> firstTime = new HashSet<>();

    /** When hr-ingest accepted each event, by id: the start of the end-to-end latency of its commands. */
    final Map<String, Instant> acceptedAt = new HashMap<>();

    /** The batch's workers: their identity row (locked), or null for one not hired yet. */
    final Map<String, IdentityEntity> identities = new HashMap<>();

    /** Managers asked about, and those of them who have an identity. */
    final Set<String> knownManagers = new HashSet<>();
    final Set<String> askedManagers = new HashSet<>();
    /** Of the batch's workers, those who sponsor someone. */
    final Set<String> sponsors = new HashSet<>();

    final Map<String, List<AccountEntity>> accounts = new HashMap<>();

    /** Worker id to target id to account name. */
    final Map<String, Map<String, String>> names = new HashMap<>();

    final Map<String, List<ScheduledActionEntity>> pendingActions = new HashMap<>();

    /** The workers' access requests not closed yet: the ACTIVE ones are part of their desired state. */
    final Map<String, List<OpenRequest>> openRequests = new HashMap<>();

    /** The birthright groups access reviews revoked for the workers: target id to groups. */
    final Map<String, Map<String, Set<String>>> exclusions = new HashMap<>();

    /** The separation-of-duties violations recorded for the workers: rule id to since when. */
    final Map<String, Map<String, Instant>> violations = new HashMap<>();

    /** The identity and account rows loaded, which the flush writes back where the batch changed them. */
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

    /** Whether it decided anything not written yet (changes to loaded rows are compared when written). */
    boolean unwritten() {
        return !newIdentities.isEmpty() || !newAccounts.isEmpty() || !newActions.isEmpty() || !history.isEmpty()
                || !outbox.isEmpty() || loaded.changed();
    }

    void clearWritten() {
        newIdentities.clear();
        newAccounts.clear();
        newActions.clear();
        history.clear();
        outbox.clear();
    }
}
