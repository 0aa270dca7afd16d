package io.provisioning.policy.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.model.TargetPolicy;
import io.provisioning.policy.naming.AccountNames;
import io.provisioning.policy.naming.Template;
import io.provisioning.policy.naming.TemplateException;
import io.provisioning.policy.rules.GrantEvaluator;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.Outbox;
import io.provisioning.policy.store.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes, for one identity, the desired state of its account in every target of the policy, and
 * issues a desired-state command (through the outbox) for each account whose desired state
 * changed. Each command carries the next per-account sequence number.
 */
@ApplicationScoped
public class AccountPlanner {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    PolicyStore policies;

    @Inject
    AccountNameRegistry names;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** One account's desired state, before it is compared with the last one commanded. */
    record Desired(AccountState state, Map<String, List<String>> attributes, List<String> groups,
                   Map<String, List<String>> grants) {
    }

    /**
     * Brings the identity's accounts to what the policy says for its lifecycle and attributes.
     *
     * @return how many commands were issued
     * @throws TemplateException if an account name or email cannot be made for this worker
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reconcile(IdentityEntity identity, Worker worker, String correlationId, String reason) {
        PolicyStore.ActivePolicy active = policies.active();
        PolicyDocument policy = active.document();
        Map<String, String> fields = WorkerFields.of(worker);
        Map<String, Map<String, List<String>>> grants = GrantEvaluator.grants(policy, fields::get);
        LifecycleState lifecycle = identity.lifecycle;
        int issued = 0;
        for (Map.Entry<String, TargetPolicy> entry : new TreeMap<>(policy.targets()).entrySet()) {
            String targetId = entry.getKey();
            TargetPolicy target = entry.getValue();
            AccountEntity account = AccountEntity.findById(new AccountEntity.Key(identity.workerId, targetId));
            Map<String, List<String>> targetGrants = grants.getOrDefault(targetId, Map.of());
            boolean entitled = target.birthright() || !targetGrants.isEmpty();
            AccountState state = stateFor(lifecycle, identity.accountsDeleted, entitled, account != null);
            if (state == null) {
                continue;
            }
            String accountId = account != null ? account.accountId
                    : names.nameFor(targetId, identity.workerId, AccountNames.base(target.accountName(), fields::get),
                    target.accountName().maxLength());
            Desired desired = desired(state, lifecycle, target, fields, accountId, targetGrants);
            if (issue(identity.workerId, targetId, target, account, accountId, desired, active.version(), correlationId,
                    reason)) {
                issued++;
            }
        }
        return issued;
    }

    /** The state an account must be in, or null when the worker has no account there and needs none. */
    static AccountState stateFor(LifecycleState lifecycle, boolean deleted, boolean entitled, boolean exists) {
        return switch (lifecycle) {
            case PRE_HIRE -> exists ? AccountState.DISABLED : null;
            case ACTIVE -> entitled ? AccountState.PRESENT : exists ? AccountState.DISABLED : null;
            case ON_LEAVE -> exists ? AccountState.DISABLED : null;
            case TERMINATED -> !exists ? null : deleted ? AccountState.ABSENT : AccountState.DISABLED;
        };
    }

    private Desired desired(AccountState state, LifecycleState lifecycle, TargetPolicy target,
                            Map<String, String> fields, String accountId, Map<String, List<String>> grants) {
        if (state == AccountState.ABSENT) {
            return new Desired(state, Map.of(), List.of(), Map.of());
        }
        Map<String, String> values = new LinkedHashMap<>(fields);
        values.put("accountName", accountId);
        values.computeIfAbsent("email", k -> target.email() == null ? null : Template.parse(target.email()).render(values));
        Map<String, List<String>> attributes = new TreeMap<>();
        target.attributes().forEach((attribute, template) -> {
            try {
                attributes.put(attribute, List.of(Template.parse(template).render(values)));
            } catch (TemplateException e) {
                // an optional field is empty: the attribute is cleared, the account still provisioned
            }
        });
        // On leave the groups stay, so that the return restores them; otherwise a disabled account holds none.
        boolean keepGroups = state == AccountState.PRESENT || lifecycle == LifecycleState.ON_LEAVE;
        List<String> groups = keepGroups ? new ArrayList<>(grants.keySet()) : List.of();
        return new Desired(state, attributes, groups, keepGroups ? grants : Map.of());
    }

    private boolean issue(String workerId, String targetId, TargetPolicy target, AccountEntity account, String accountId,
                          Desired desired, long policyVersion, String correlationId, String reason) {
        String desiredJson = json(desired);
        if (account != null && desiredJson.equals(account.desired)) {
            return false;
        }
        boolean created = account == null;
        if (created) {
            account = new AccountEntity();
            account.workerId = workerId;
            account.targetId = targetId;
            account.accountId = accountId;
            account.sequence = 0;
        }
        account.sequence++;
        account.desiredState = desired.state().name();
        account.desired = desiredJson;
        account.status = "PENDING";
        account.updatedAt = clock.instant();
        if (created) {
            account.persist();
        }
        ProvisioningCommand command = new ProvisioningCommand(workerId + ":" + targetId + ":" + account.sequence,
                correlationId, workerId, targetId, accountId, account.sequence, desired.state(), desired.attributes(),
                desired.groups(), target.managedGroups(), desired.grants(), policyVersion, reason, clock.instant(),
                EventAcceptance.of(correlationId));
        outbox.enqueue(Topics.commands(targetId), workerId, command);
        return true;
    }

    private static String json(Desired desired) {
        try {
            return MAPPER.writeValueAsString(desired);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a desired state", e);
        }
    }
}
