package io.provisioning.connector.execution;

import io.provisioning.connector.spi.Connector;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs one command through the desired-state execution, as a worker would, for connector tests. */
public final class OneCommand {

    private OneCommand() {
    }

    public static CommandResult execute(Connector connector, ProvisioningCommand command) throws InterruptedException {
        return execute(connector, command, AccountOwnership.UNCHECKED);
    }

    /** As a worker would, with the ownership check a worker makes. */
    public static CommandResult execute(Connector connector, ProvisioningCommand command, AccountOwnership ownership)
            throws InterruptedException {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            return new CommandExecutor(connector, threads).execute(List.of(command), ownership).get(0);
        } finally {
            threads.shutdownNow();
        }
    }
}
