package io.provisioning.policy.store;

import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

/**
 * Rolls back a transaction whose identity batch decided something it did not write (its
 * {@code flush()} was not called): a decision is written with its cause or not at all.
 */
final class UnwrittenDecisions implements Synchronization {

    private static final Logger LOG = Logger.getLogger(UnwrittenDecisions.class);

    private final IdentityBatch batch;
    private final TransactionSynchronizationRegistry transactions;

    UnwrittenDecisions(IdentityBatch batch, TransactionSynchronizationRegistry transactions) {
        this.batch = batch;
        this.transactions = transactions;
    }

    @Override
    public void beforeCompletion() {
        if (batch.unwritten()) {
            LOG.error("an identity batch ends with decisions it did not write; its transaction is rolled back");
            transactions.setRollbackOnly();
        }
    }

    @Override
    public void afterCompletion(int status) {
        // the batch ends with its transaction
    }
}
