package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.policy.model.TargetPolicy;
import io.provisioning.policy.naming.AccountNames;
import io.provisioning.policy.naming.TemplateException;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.Outbox;
import io.provisioning.policy.store.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes, for one identity, the desired state of its account in every target of the policy, and
 * issues a desired-state command (through the outbox) for each account whose desired state
 * changed. Each command carries the next per-account sequence number.
 */
@ApplicationScoped
public class AccountPlanner {

    @Inject
    PolicyStore policies;

    @Inject
    AccountNameRegistry names;

    @Inject
    Outbox outbox;

    @Inject
    IdentityRepository store;

    @Inject
    ViolationTracker violations;

    @Inject
    Clock clock;

    /**
     * Brings the identity's accounts to what the policy says for its lifecycle and attributes.
     *
     * @return how many commands were issued
     * @throws TemplateException if an account name or email cannot be made for this worker
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int reconcile(IdentityEntity identity, Worker worker, String correlationId, String reason) {
        PolicyStore.ActivePolicy active = policies.active();
        Map<String, String> fields = WorkerFields.of(worker);
        Map<String, AccountEntity> accounts = new HashMap<>();
        store.accounts(identity.workerId).forEach(a -> accounts.put(a.targetId, a));
        List<DesiredStates.Planned> planned = DesiredStates.plan(active.document(), identity.lifecycle,
                identity.accountsDeleted, fields, DesiredStates.requested(store.openRequests(identity.workerId)),
                store.exclusions(identity.workerId),
                targetId -> {
                    AccountEntity account = accounts.get(targetId);
                    return account == null ? null : account.accountId;
                }, (targetId, target) -> names.nameFor(targetId, identity.workerId,
                        AccountNames.base(target.accountName(), fields::get), target.accountName().maxLength()));
        int issued = 0;
        for (DesiredStates.Planned plan : planned) {
            if (issue(identity.workerId, plan.targetId(), plan.target(), accounts.get(plan.targetId()), plan.accountId(),
                    plan.desired(), active.version(), correlationId, reason)) {
                issued++;
            }
        }
        violations.follow(active.document(), identity.workerId, planned, correlationId);
        return issued;
    }

    private boolean issue(String workerId, String targetId, TargetPolicy target, AccountEntity account, String accountId,
                          DesiredStates.Desired desired, long policyVersion, String correlationId, String reason) {
        String desiredJson = desired.json();
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
            store.create(account);
        }
        ProvisioningCommand command = new ProvisioningCommand(workerId + ":" + targetId + ":" + account.sequence,
                correlationId, workerId, targetId, accountId, account.sequence, desired.state(), desired.attributes(),
                desired.groups(), target.managedGroups(), desired.grants(), policyVersion, reason, clock.instant());
        outbox.enqueue(command);
        return true;
    }
}
