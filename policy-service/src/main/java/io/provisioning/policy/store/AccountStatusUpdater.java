package io.provisioning.policy.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.provisioning.contracts.Json;
import io.provisioning.contracts.command.ProvisioningOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;

/**
 * Records on each account what its connector reported. An outcome of an older command than the
 * one last reported never overwrites a newer one.
 */
@ApplicationScoped
public class AccountStatusUpdater {

    @Inject
    Clock clock;

    @Transactional
    public void apply(ProvisioningOutcome outcome) {
        AccountEntity account = AccountEntity.findById(new AccountEntity.Key(outcome.workerId(), outcome.targetId()),
                LockModeType.PESSIMISTIC_WRITE);
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
            return Json.mapper().writeValueAsString(outcome.groups());
        } catch (JsonProcessingException e) {
            return "[]";
        }
    }
}
