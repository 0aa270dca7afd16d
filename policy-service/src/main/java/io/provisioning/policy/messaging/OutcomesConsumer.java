package io.provisioning.policy.messaging;

import io.provisioning.common.runtime.PollBatches;
import io.provisioning.common.runtime.Retry;
import io.provisioning.contracts.ContractReader;
import io.provisioning.contracts.command.OutcomeStatus;
import io.provisioning.contracts.command.ProvisioningOutcome;
import io.provisioning.policy.lifecycle.NameConflicts;
import io.provisioning.policy.store.AccountStatusUpdater;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code provisioning.outcomes}, a poll at a time: what the connectors really did to each
 * account. A poll is recorded in one transaction; while the database is unavailable it is retried
 * in place, so that the channel never fails and no outcome is skipped. If the poll fails for
 * another reason its outcomes are recorded one by one, and one that still cannot be recorded is
 * logged and passed over (the account's next outcome, or a reconciliation, sets its status).
 */
@ApplicationScoped
public class OutcomesConsumer {

    private static final Logger LOG = Logger.getLogger(OutcomesConsumer.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final Retry WHILE_UNAVAILABLE = Retry.whileUnavailable(Duration.ofSeconds(2));
    private static final Retry PER_OUTCOME = WHILE_UNAVAILABLE.otherFailuresTried(MAX_ATTEMPTS);

    @Inject
    AccountStatusUpdater accounts;

    @Inject
    NameConflicts nameConflicts;

    @Incoming("outcomes")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) throws InterruptedException {
        List<ProvisioningOutcome> outcomes = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                outcomes.add(ContractReader.OUTCOME.read(record.value()));
            } catch (Exception e) {
                LOG.warnf("provisioning.outcomes %d@%d is not an outcome; skipped", record.partition(), record.offset());
            }
        }
        if (outcomes.isEmpty()) {
            return;
        }
        record(outcomes);
        for (ProvisioningOutcome outcome : outcomes) {
            if (outcome.status() == OutcomeStatus.CONFLICT) {
                resolve(outcome);
            }
        }
    }

    /** A name taken in the target by someone else's account: the worker is given another (rare). */
    private void resolve(ProvisioningOutcome conflict) throws InterruptedException {
        try {
            String renamed = PER_OUTCOME.call("resolve the name conflict of outcome " + conflict.outcomeId(),
                    () -> nameConflicts.resolve(conflict));
            if (renamed != null) {
                LOG.infof("%s: account name %s is taken in %s by an account the product did not create; now %s",
                        conflict.workerId(), conflict.accountId(), conflict.targetId(), renamed);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot resolve the name conflict of outcome %s after %d attempts; the account"
                    + " stays CONFLICT", conflict.outcomeId(), MAX_ATTEMPTS);
        }
    }

    private void record(List<ProvisioningOutcome> outcomes) throws InterruptedException {
        PollBatches.togetherOrOneByOne(outcomes, outcomes.size() + " outcomes", WHILE_UNAVAILABLE,
                () -> accounts.applyAll(outcomes), this::applyOne);
    }

    private void applyOne(ProvisioningOutcome outcome) throws InterruptedException {
        try {
            PER_OUTCOME.run("record outcome " + outcome.outcomeId(), () -> accounts.apply(outcome));
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot record outcome %s after %d attempts; passed over", outcome.outcomeId(), MAX_ATTEMPTS);
        }
    }
}
