package io.provisioning.connector.spi;

import java.util.function.Supplier;

/**
 * A target that can apply everything one command needs atomically (a database). The runtime then
 * runs each command's operations, its group changes included, inside {@link #inTransaction}: all
 * of them take effect, or none.
 */
public interface TransactionalOp extends Connector {

    /**
     * Runs the work with every operation of this connector, on the calling thread, in one
     * transaction; commits when it returns, rolls back when it throws.
     *
     * @throws ConnectorException the work's own failure (after the rollback), or the commit's
     */
    <T> T inTransaction(Supplier<T> work);
}
