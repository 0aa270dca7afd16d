package io.provisioning.policy.authoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.policy.lifecycle.DesiredStates;
import io.provisioning.policy.lifecycle.DesiredStates.Desired;
import io.provisioning.policy.lifecycle.LifecycleState;
import io.provisioning.policy.store.OpenRequest;
import io.provisioning.policy.store.AccessExclusions;
import io.provisioning.policy.store.SnapshotReads;
import io.provisioning.policy.model.RequestableGroup;
import io.provisioning.policy.rules.SeparationOfDuties;
import io.provisioning.policy.lifecycle.WorkerFields;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.naming.AccountNames;
import io.provisioning.policy.naming.TemplateException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Evaluates a draft policy for every identity and compares the result with the desired state
 * each account has now: the same evaluation the engine runs ({@link DesiredStates}), without
 * reserving names or writing anything. Reads one consistent snapshot (a read-only repeatable-read
 * transaction), streamed, so that 100 000 identities need neither many queries nor much memory.
 */
@ApplicationScoped
public class PolicyPreviewer {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    DataSource dataSource;

    /** An identity as stored, with its accounts by target. */
    private record StoredIdentity(String workerId, LifecycleState lifecycle, boolean accountsDeleted, String attributes,
                                  Map<String, StoredAccount> accounts, List<OpenRequest> grants,
                                  Map<String, Set<String>> excluded) {
    }

    private record StoredAccount(String accountId, String desiredState, String desired) {
    }

    /**
     * @param documentDigest SHA-256 of the draft's text, part of the preview digest
     * @param cursor         from a previous page; null for the first
     * @param limit          the most per-account entries to return; 0 for counts only
     */
    public PolicyPreview preview(PolicyDocument draft, String documentDigest, String cursor, int limit) {
        String after = cursor == null ? null : decode(cursor);
        Map<String, PolicyPreview.Counts> counts = new TreeMap<>();
        draft.targets().keySet().forEach(t -> counts.put(t, PolicyPreview.Counts.NONE));
        MessageDigest digest = sha256();
        digest.update(documentDigest.getBytes(StandardCharsets.UTF_8));
        List<PolicyPreview.WorkerChanges> page = new ArrayList<>();
        Map<String, long[]> conflicts = new TreeMap<>();
        draft.conflicts().forEach(rule -> conflicts.put(rule.id(), new long[3]));
        long[] identities = {0};
        long[] accounts = {0};
        String[] next = {null};
        stream(identity -> {
            identities[0]++;
            identity.accounts().forEach((target, account) -> {
                if (!AccountState.ABSENT.name().equals(account.desiredState())) {
                    accounts[0]++;
                }
            });
            Evaluated evaluated = evaluate(draft, identity);
            conflictsOf(draft, identity, evaluated.planned(), conflicts);
            for (PolicyPreview.WorkerChanges changes : evaluated.changes()) {
                PolicyPreview.Counts before = counts.getOrDefault(changes.targetId(), PolicyPreview.Counts.NONE);
                counts.put(changes.targetId(), before.plus(count(changes)));
                digest.update(line(changes).getBytes(StandardCharsets.UTF_8));
                String key = key(changes);
                if (limit > 0 && (after == null || key.compareTo(after) > 0)) {
                    if (page.size() < limit) {
                        page.add(changes);
                    } else if (next[0] == null) {
                        next[0] = encode(key(page.get(page.size() - 1)));
                    }
                }
            }
        });
        return new PolicyPreview(HexFormat.of().formatHex(digest.digest()), identities[0], accounts[0], counts,
                limit > 0 ? page : null, next[0], requestable(draft), conflictCounts(draft, conflicts));
    }

    /** What the draft plans for one identity, and the accounts whose desired state that changes. */
    private record Evaluated(List<PolicyPreview.WorkerChanges> changes, List<DesiredStates.Planned> planned) {

        static final Evaluated NOTHING = new Evaluated(List.of(), null);
    }

    /** The accounts of one identity whose desired state the draft changes, with what changes. */
    private static Evaluated evaluate(PolicyDocument draft, StoredIdentity identity) {
        Worker worker;
        try {
            worker = MAPPER.readValue(identity.attributes(), Worker.class);
        } catch (Exception e) {
            return Evaluated.NOTHING;
        }
        Map<String, String> fields = WorkerFields.of(worker);
        List<DesiredStates.Planned> planned;
        try {
            planned = DesiredStates.plan(draft, identity.lifecycle(), identity.accountsDeleted(), fields,
                    DesiredStates.requested(identity.grants()), identity.excluded(),
                    target -> {
                        StoredAccount account = identity.accounts().get(target);
                        return account == null ? null : account.accountId();
                    },
                    (targetId, target) -> AccountNames.base(target.accountName(), fields::get));
        } catch (TemplateException cannotName) {
            return Evaluated.NOTHING; // the engine cannot evaluate this worker either: it records the reason, changes nothing
        }
        List<PolicyPreview.WorkerChanges> result = new ArrayList<>();
        for (DesiredStates.Planned plan : planned) {
            StoredAccount stored = identity.accounts().get(plan.targetId());
            String desiredJson = plan.desired().json();
            if (stored != null && desiredJson.equals(stored.desired())) {
                continue;
            }
            List<PolicyPreview.Change> changes = changes(stored == null ? null : Desired.read(stored.desired()), plan.desired());
            result.add(new PolicyPreview.WorkerChanges(identity.workerId(), plan.targetId(), plan.accountId(), changes));
        }
        return new Evaluated(result, planned);
    }

    /** What turns the old desired state (null: no account) into the new one. */
    static List<PolicyPreview.Change> changes(Desired before, Desired after) {
        List<PolicyPreview.Change> changes = new ArrayList<>();
        AccountState was = before == null ? AccountState.ABSENT : before.state();
        AccountState now = after.state();
        if (was == AccountState.ABSENT && now != AccountState.ABSENT) {
            changes.add(PolicyPreview.Change.of("create"));
        } else if (was != AccountState.ABSENT && now == AccountState.ABSENT) {
            changes.add(PolicyPreview.Change.of("delete"));
        } else if (was == AccountState.DISABLED && now == AccountState.PRESENT) {
            changes.add(PolicyPreview.Change.of("enable"));
        } else if (was == AccountState.PRESENT && now == AccountState.DISABLED) {
            changes.add(PolicyPreview.Change.of("disable"));
        }
        Set<String> held = before == null ? Set.of() : new LinkedHashSet<>(before.groups());
        Set<String> granted = new LinkedHashSet<>(after.groups());
        granted.stream().filter(g -> !held.contains(g)).sorted()
                .forEach(g -> changes.add(new PolicyPreview.Change("grant", g, null)));
        held.stream().filter(g -> !granted.contains(g)).sorted()
                .forEach(g -> changes.add(new PolicyPreview.Change("revoke", g, null)));
        if (before != null && was != AccountState.ABSENT && now != AccountState.ABSENT) {
            Set<String> names = new TreeSet<>(before.attributes().keySet());
            names.addAll(after.attributes().keySet());
            names.stream().filter(n -> !Objects.equals(before.attributes().get(n), after.attributes().get(n)))
                    .forEach(n -> changes.add(new PolicyPreview.Change("update", null, n)));
        }
        return changes;
    }

    private static PolicyPreview.Counts count(PolicyPreview.WorkerChanges account) {
        long create = 0, enable = 0, disable = 0, delete = 0, grant = 0, revoke = 0;
        boolean update = false;
        for (PolicyPreview.Change change : account.changes()) {
            switch (change.change()) {
                case "create" -> create++;
                case "enable" -> enable++;
                case "disable" -> disable++;
                case "delete" -> delete++;
                case "grant" -> grant++;
                case "revoke" -> revoke++;
                default -> update = true;
            }
        }
        return new PolicyPreview.Counts(create, enable, disable, delete, grant, revoke, update ? 1 : 0);
    }

    private void stream(Consumer<StoredIdentity> each) {
        SnapshotReads.read(dataSource, "the identities for a preview", connection -> {
            Map<String, List<OpenRequest>> grants = activeGrants(connection);
            Map<String, Map<String, Set<String>>> exclusions = AccessExclusions.all(connection);
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT i.worker_id, i.lifecycle, i.accounts_deleted, i.attributes, a.target_id, a.account_id,
                           a.desired_state, a.desired
                    FROM identity i LEFT JOIN account a ON a.worker_id = i.worker_id
                    ORDER BY i.worker_id COLLATE "C"
                    """)) {
                query.setFetchSize(SnapshotReads.FETCH_SIZE);
                try (ResultSet rows = query.executeQuery()) {
                    StoredIdentity current = null;
                    while (rows.next()) {
                        String workerId = rows.getString(1);
                        if (current == null || !current.workerId().equals(workerId)) {
                            if (current != null) {
                                each.accept(current);
                            }
                            current = new StoredIdentity(workerId, LifecycleState.valueOf(rows.getString(2)),
                                    rows.getBoolean(3), rows.getString(4), new HashMap<>(),
                                    grants.getOrDefault(workerId, List.of()),
                                    exclusions.getOrDefault(workerId, Map.of()));
                        }
                        String targetId = rows.getString(5);
                        if (targetId != null) {
                            current.accounts().put(targetId, new StoredAccount(rows.getString(6), rows.getString(7), rows.getString(8)));
                        }
                    }
                    if (current != null) {
                        each.accept(current);
                    }
                }
            }
        });
    }

    /**
     * Counts, per conflict rule of the draft, the identity if it breaks the rule with the groups it
     * holds now ([0]), with those the draft gives it ([1]), and only with the draft's ([2]: created).
     */
    private static void conflictsOf(PolicyDocument draft, StoredIdentity identity, List<DesiredStates.Planned> planned,
                                    Map<String, long[]> conflicts) {
        if (conflicts.isEmpty() || planned == null) {
            return;
        }
        // only the accounts of targets a rule names are read: parsing every stored desired state would
        // make every preview of a policy with conflict rules slower
        Set<String> named = new java.util.HashSet<>();
        draft.conflicts().forEach(rule -> rule.entitlements().forEach(e -> named.add(e.get(0))));
        Map<String, List<String>> now = new HashMap<>();
        identity.accounts().forEach((target, account) -> {
            if (named.contains(target)) {
                now.put(target, Desired.read(account.desired()).groups());
            }
        });
        Map<String, List<String>> after = new HashMap<>();
        planned.forEach(plan -> after.put(plan.targetId(), plan.desired().groups()));
        Set<String> before = SeparationOfDuties.ruleIds(SeparationOfDuties.violations(draft, now));
        for (SeparationOfDuties.Violation violation : SeparationOfDuties.violations(draft, after)) {
            long[] counts = conflicts.get(violation.ruleId());
            counts[1]++;
            if (!before.contains(violation.ruleId())) {
                counts[2]++;
            }
        }
        before.forEach(rule -> conflicts.get(rule)[0]++);
    }

    private static Map<String, PolicyPreview.ConflictCounts> conflictCounts(PolicyDocument draft,
                                                                            Map<String, long[]> conflicts) {
        Map<String, PolicyPreview.ConflictCounts> counts = new TreeMap<>();
        draft.conflicts().forEach(rule -> {
            long[] c = conflicts.get(rule.id());
            counts.put(rule.id(), new PolicyPreview.ConflictCounts(rule.mode(), c[0], c[1], c[2]));
        });
        return counts;
    }

    /** The groups the draft lets workers ask for, by target (targets with none left out). */
    private static Map<String, Map<String, RequestableGroup>> requestable(PolicyDocument draft) {
        Map<String, Map<String, RequestableGroup>> requestable = new TreeMap<>();
        draft.targets().forEach((targetId, target) -> {
            if (!target.requestable().isEmpty()) {
                requestable.put(targetId, new TreeMap<>(target.requestable()));
            }
        });
        return requestable;
    }

    /** The access granted on request, by worker: it stays in the desired state whatever the draft's rules say. */
    private static Map<String, List<OpenRequest>> activeGrants(Connection connection) throws SQLException {
        Map<String, List<OpenRequest>> grants = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT beneficiary_id, request_id, target_id, group_name, state FROM access_request
                WHERE state = 'ACTIVE'""");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                grants.computeIfAbsent(rows.getString(1), w -> new ArrayList<>()).add(new OpenRequest(
                        rows.getObject(2, java.util.UUID.class), rows.getString(3), rows.getString(4), rows.getString(5)));
            }
        }
        return grants;
    }

    private static String line(PolicyPreview.WorkerChanges changes) {
        StringBuilder line = new StringBuilder("\n").append(changes.workerId()).append('\t').append(changes.targetId())
                .append('\t').append(changes.accountId());
        changes.changes().forEach(c -> line.append('\t').append(c.change()).append(':')
                .append(c.group() != null ? c.group() : c.attribute() != null ? c.attribute() : ""));
        return line.toString();
    }

    private static String key(PolicyPreview.WorkerChanges changes) {
        return changes.workerId() + '\u001f' + changes.targetId();
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException if the cursor is not one this service made */
    public static String decode(String cursor) {
        String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (key.indexOf('\u001f') < 0) {
            throw new IllegalArgumentException("not a preview cursor");
        }
        return key;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
