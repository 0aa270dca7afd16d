package io.provisioning.policy.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.policy.reviews.ReviewQueries;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.IdentityHistoryEntity;
import io.provisioning.policy.store.ScheduledActionEntity;
import java.time.Instant;
import java.util.List;

/** An identity as the API shows it (docs/api.md "identity"), with its recent history. */
public record IdentityView(String workerId, String lifecycle, Worker attributes, List<Account> accounts,
                           List<Scheduled> scheduled, String error, List<Step> history,
                           List<IgnoredEvent> ignoredEvents, List<HeldTermination> heldTerminations,
                           String timeZone, List<OpenRequest> accessRequests,
                           List<ReviewQueries.ExclusionView> reviewExclusions) {

    private static final ObjectMapper MAPPER = Json.mapper();

    /** The account in one target: as commanded, and what the connector reported. */
    public record Account(String targetId, String accountId, String status, String desiredState, List<String> groups,
                          long sequence, String lastError) {
    }

    public record Scheduled(String action, Instant dueAt) {
    }

    public record Step(Instant at, String kind, String fromState, String toState, String cause, String note) {
    }

    /**
     * An HR event that was not applied because the worker had changed later, or a held termination
     * an operator rejected (most recent first).
     */
    public record IgnoredEvent(String eventId, Instant at, String reason) {
    }

    /** A termination the burst guard holds: the worker keeps access until an operator decides. */
    public record HeldTermination(String eventId, String holdId, Instant heldAt) {
    }

    /** An access request of the worker not closed yet: PENDING, APPROVED or ACTIVE (granted until {@code endsAt}). */
    public record OpenRequest(String requestId, String targetId, String group, String state, Instant endsAt) {
    }

    static IdentityView of(IdentityEntity identity, List<AccountEntity> accounts, List<ScheduledActionEntity> scheduled,
                           List<IdentityHistoryEntity> history, List<IdentityHistoryEntity> ignored,
                           List<HeldTermination> held, String timeZone, List<OpenRequest> accessRequests,
                           List<ReviewQueries.ExclusionView> reviewExclusions) {
        return new IdentityView(identity.workerId, identity.lifecycle.name(), identity.worker(),
                accounts.stream().map(a -> new Account(a.targetId, a.accountId, a.status, a.desiredState,
                        groups(a), a.sequence, a.lastError)).toList(),
                scheduled.stream().map(s -> new Scheduled(s.action.name(), s.dueAt)).toList(),
                identity.error,
                history.stream().map(h -> new Step(h.at, h.kind, h.fromState, h.toState, h.cause, h.note)).toList(),
                ignored.stream().map(h -> new IgnoredEvent(h.cause, h.at, h.note)).toList(), held, timeZone,
                accessRequests, reviewExclusions);
    }

    /** The groups the connector reported, or else the groups commanded. */
    private static List<String> groups(AccountEntity account) {
        try {
            if (account.actualGroups != null) {
                return MAPPER.readValue(account.actualGroups, new TypeReference<List<String>>() { });
            }
            var desired = MAPPER.readTree(account.desired);
            return MAPPER.convertValue(desired.path("groups"), new TypeReference<List<String>>() { });
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
