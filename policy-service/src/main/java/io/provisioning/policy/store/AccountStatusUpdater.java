package io.provisioning.policy.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.command.ProvisioningOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records on each account what its connector reported. An outcome of an older command than the
 * one last reported never overwrites a newer one.
 */
@ApplicationScoped
public class AccountStatusUpdater {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Inject
    Clock clock;

    @Transactional
    public void apply(ProvisioningOutcome outcome) {
        record(AccountEntity.findById(new AccountEntity.Key(outcome.workerId(), outcome.targetId()),
                LockModeType.PESSIMISTIC_WRITE), outcome);
    }

    /**
     * Records a poll's worth of outcomes in one transaction, in order: the accounts they name are
     * loaded (and locked, in one order) with one statement and written back as one JDBC batch.
     */
    @Transactional
    public void applyAll(List<ProvisioningOutcome> outcomes) {
        String[] workers = outcomes.stream().map(ProvisioningOutcome::workerId).distinct().sorted()
                .toArray(String[]::new);
        Map<AccountEntity.Key, AccountEntity> accounts = new HashMap<>();
        // Native, with the workers as one array parameter: an HQL IN list is translated again for
        // every list size, which cost more than the rest of the batch.
        @SuppressWarnings("unchecked")
        List<AccountEntity> locked = AccountEntity.getEntityManager().createNativeQuery(
                        "SELECT * FROM account WHERE worker_id = ANY (?1) ORDER BY worker_id, target_id FOR UPDATE",
                        AccountEntity.class)
                .setParameter(1, workers).getResultList();
        locked.forEach(account -> accounts.put(new AccountEntity.Key(account.workerId, account.targetId), account));
        for (ProvisioningOutcome outcome : outcomes) {
            record(accounts.get(new AccountEntity.Key(outcome.workerId(), outcome.targetId())), outcome);
        }
    }

    private void record(AccountEntity account, ProvisioningOutcome outcome) {
        if (account == null || outcome.sequence() < account.appliedSequence) {
            return;
        }
        account.appliedSequence = outcome.sequence();
        account.updatedAt = clock.instant();
        switch (outcome.status()) {
            case APPLIED, NOOP -> {
                account.status = switch (outcome.state()) {
                    case PRESENT -> "ACTIVE";
                    case DISABLED -> "DISABLED";
                    case ABSENT -> "DELETED";
                };
                account.lastError = null;
                account.actualGroups = json(outcome);
            }
            case FAILED -> {
                account.status = "FAILED";
                account.lastError = outcome.errorCode() + ": " + outcome.error();
            }
            case RETRYING -> account.lastError = outcome.errorCode() + ": " + outcome.error() + " (retrying)";
        }
    }

    private static String json(ProvisioningOutcome outcome) {
        try {
            return MAPPER.writeValueAsString(outcome.groups());
        } catch (JsonProcessingException e) {
            return "[]";
        }
    }
}
