package io.provisioning.connector.execution;

import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.AppliedChange;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.util.List;

/**
 * What one attempt at a command did.
 *
 * @param command  never null
 * @param changed  true if the target was changed
 * @param state    the account's state afterwards (as last read, for a failure); null if never read
 * @param groups   the managed groups the account holds afterwards
 * @param changes  exactly what was changed, also for a failure part-way through
 * @param failure  null if the attempt succeeded
 */
public record CommandResult(
        ProvisioningCommand command,
        boolean changed,
        AccountState state,
        List<String> groups,
        List<AppliedChange> changes,
        ConnectorException failure) {

    public CommandResult {
        groups = List.copyOf(groups);
        changes = List.copyOf(changes);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
