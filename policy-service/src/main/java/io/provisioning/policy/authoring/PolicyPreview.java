package io.provisioning.policy.authoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.provisioning.policy.model.RequestableGroup;
import java.util.List;
import java.util.Map;

/**
 * What a draft policy would change if it were activated now (docs/api.md "preview").
 *
 * @param digest     identifies this exact outcome: the draft and every change it causes; an
 *                   activation that crosses the mass-change guard is confirmed with it
 * @param identities how many identities were evaluated
 * @param accounts   how many accounts exist and are not deleted (the guard's base)
 * @param targets    per target id, the counts
 * @param workers    one page of the per-account changes, by worker id then target id
 * @param nextCursor the cursor of the next page; absent on the last
 * @param requestable the groups the draft lets workers ask for, by target then group; access granted
 *                    on request stays in every worker's desired state until it ends
 * @param conflicts  per separation-of-duties rule of the draft, the workers breaking it now and with the draft
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyPreview(String digest, long identities, long accounts, Map<String, Counts> targets,
                            List<WorkerChanges> workers, String nextCursor,
                            Map<String, Map<String, RequestableGroup>> requestable,
                            Map<String, ConflictCounts> conflicts) {

    /**
     * Workers breaking one separation-of-duties rule of the draft.
     *
     * @param now     with the groups they hold now
     * @param draft   with the groups the draft gives them
     * @param created among those, the workers who do not break it now: the violations the draft creates
     */
    public record ConflictCounts(String mode, long now, long draft, long created) {
    }

    /** Changes in one target. {@code update}: accounts whose attributes change. */
    public record Counts(long create, long enable, long disable, long delete, long grant, long revoke, long update) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(create + other.create, enable + other.enable, disable + other.disable,
                    delete + other.delete, grant + other.grant, revoke + other.revoke, update + other.update);
        }

        /** As the counts recorded with an activation on policy.changes. */
        public Map<String, Integer> asMap() {
            return Map.of("create", (int) create, "enable", (int) enable, "disable", (int) disable,
                    "delete", (int) delete, "grant", (int) grant, "revoke", (int) revoke, "update", (int) update);
        }
    }

    /**
     * What happens to one account.
     *
     * @param accountId for a new account, the name it is meant to get (a number is appended if
     *                  another worker holds it by then)
     */
    public record WorkerChanges(String workerId, String targetId, String accountId, List<Change> changes) {
    }

    /**
     * One change: {@code create}, {@code enable}, {@code disable}, {@code delete}, {@code grant}
     * or {@code revoke} (with the group), {@code update} (with the attribute).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(String change, String group, String attribute) {

        static Change of(String change) {
            return new Change(change, null, null);
        }
    }

    /** The counts of every target together. */
    public Counts total() {
        return targets.values().stream().reduce(Counts.NONE, Counts::plus);
    }
}
