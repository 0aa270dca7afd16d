package io.provisioning.policy.lifecycle;

import io.provisioning.contracts.Topics;
import io.provisioning.contracts.command.ProvisioningOutcome;
import io.provisioning.contracts.hr.Worker;
import io.provisioning.contracts.policy.PolicyEvaluationFailed;
import io.provisioning.policy.model.TargetPolicy;
import io.provisioning.policy.naming.AccountNames;
import io.provisioning.policy.store.AccountEntity;
import io.provisioning.policy.store.IdentityRepository;
import io.provisioning.policy.store.IdentityEntity;
import io.provisioning.policy.store.Outbox;
import io.provisioning.policy.store.PolicyStore;
import io.provisioning.policy.targets.TargetSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A connector found the name given to a worker taken in its target by an account the product did
 * not create ({@code CONFLICT}). Unless the target stops at a conflict, the name is kept reserved
 * as held outside (never issued again), the worker is given the next free variant, and the account
 * is commanded again under it. Either way the decision is in the worker's history and on
 * {@code policy.changes}.
 */
@ApplicationScoped
public class NameConflicts {

    @Inject
    IdentityRepository store;

    @Inject
    AccountNameRegistry names;

    @Inject
    AccountPlanner planner;

    @Inject
    PolicyStore policies;

    @Inject
    IdentityJournal journal;

    @Inject
    Outbox outbox;

    @Inject
    TargetSettings targets;

    @Inject
    Clock clock;

    /** @return the worker's new account name, or null if nothing was renamed */
    @Transactional
    public String resolve(ProvisioningOutcome conflict) {
        return store.batch(List.of(conflict.workerId()), () -> resolveInBatch(conflict));
    }

    private String resolveInBatch(ProvisioningOutcome conflict) {
        IdentityEntity identity = store.lockIdentity(conflict.workerId());
        AccountEntity account = store.accounts(conflict.workerId()).stream()
                .filter(a -> a.targetId.equals(conflict.targetId())).findFirst().orElse(null);
        TargetPolicy target = policies.active().document().targets().get(conflict.targetId());
        if (identity == null || account == null || target == null || !conflict.accountId().equals(account.accountId)) {
            return null; // renamed already, or no longer provisioned there
        }
        if (!targets.renamesOnNameConflict(conflict.targetId())) {
            announce(identity, conflict, "account name " + conflict.accountId() + " in " + conflict.targetId()
                    + " belongs to an account the product did not create; the target stops at a conflict: "
                    + "link the account (reconciliation) or remove it, then retry", false);
            return null;
        }
        store.releaseNameHeldOutside(conflict.targetId(), conflict.accountId(), conflict.workerId());
        Worker worker = identity.worker();
        Map<String, String> fields = WorkerFields.of(worker);
        String renamed = names.nameFor(conflict.targetId(), conflict.workerId(),
                AccountNames.base(target.accountName(), fields::get), target.accountName().maxLength());
        account.accountId = renamed;
        // equal to no desired state, so that the account is commanded again, under the new name (an
        // account that exists is always planned: the reconcile below replaces it in this transaction)
        account.desired = "{}";
        account.status = "PENDING";
        announce(identity, conflict, "account name " + conflict.accountId() + " in " + conflict.targetId()
                + " belongs to an account the product did not create; the worker is given " + renamed, true);
        planner.reconcile(identity, worker, conflict.correlationId(), "NAME_CONFLICT");
        return renamed;
    }

    private void announce(IdentityEntity identity, ProvisioningOutcome conflict, String reason, boolean provisioned) {
        journal.record(identity, conflict.correlationId(), "NAME_CONFLICT", identity.lifecycle, identity.lifecycle, reason);
        outbox.enqueue(Topics.POLICY_CHANGES, identity.workerId, new PolicyEvaluationFailed(
                "name-conflict-" + conflict.outcomeId(), clock.instant(), "policy-service", identity.workerId,
                conflict.correlationId(), reason, provisioned));
    }
}
