package io.provisioning.connector.execution;

import io.provisioning.connector.spi.AlreadyExistsException;
import io.provisioning.connector.spi.AttributeDelta;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorAccount;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.ControlledAttributes;
import io.provisioning.connector.spi.CorrelateOp;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.DeleteOp;
import io.provisioning.connector.spi.EnableOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.RequestSaving;
import io.provisioning.connector.spi.RetryableException;
import io.provisioning.connector.spi.UpdateDeltaOp;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.AppliedChange;
import io.provisioning.contracts.command.ChangeKind;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The account part of one command: reads the account, converges its existence, attributes and
 * state, and works out which managed groups it must join or leave. Group changes of an account
 * that stays are left to {@link GroupPhase}, which batches them across commands. A leaver's
 * account is disabled and read in one request where the connector can
 * ({@link RequestSaving#disableReadingBefore}).
 */
final class AccountStep {

    private final Connector connector;
    private final ProvisioningCommand command;
    private final AccountOwnership ownership;
    private final List<AppliedChange> changes = new ArrayList<>();
    private final Set<String> groupsToAdd = new LinkedHashSet<>();
    private final Set<String> groupsToRemove = new LinkedHashSet<>();
    private final Set<String> heldGroups = new LinkedHashSet<>();
    private AccountState state;
    private AccountState stateRead;
    private ConnectorException failure;

    AccountStep(Connector connector, ProvisioningCommand command, AccountOwnership ownership) {
        this.connector = connector;
        this.command = command;
        this.ownership = ownership;
    }

    /** Runs the step; a failure is kept, never thrown. */
    AccountStep run() {
        try {
            refuseControlledAttributes();
            // in one request only an account the product has written before: any other is read and checked first
            if (ownership.appliedBefore(command.accountId()) && disabledInOneRequest()) {
                return this;
            }
            Optional<ConnectorAccount> current = capability(GetOp.class).get(command.accountId());
            current.ifPresent(account -> ownership.requireOwnedBy(command, account));
            if (current.isEmpty() && connector instanceof CorrelateOp correlate && command.workerId() != null) {
                current = correlate.findByWorkerId(command.workerId()).map(found -> adopt(correlate, found));
            }
            current.ifPresent(account -> state = account.enabled() ? AccountState.PRESENT : AccountState.DISABLED);
            stateRead = current.isPresent() ? state : AccountState.ABSENT;
            if (command.state() == AccountState.ABSENT) {
                current.ifPresentOrElse(this::delete, () -> state = AccountState.ABSENT);
            } else if (current.isEmpty()) {
                create();
            } else {
                converge(current.get());
            }
        } catch (ConnectorException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new PermanentException("connector error: " + e.getClass().getSimpleName(), null);
        }
        return this;
    }

    ProvisioningCommand command() {
        return command;
    }

    /** Defence in depth: policy-service refuses such a policy, so a command carrying one is a fault or a forgery. */
    private void refuseControlledAttributes() {
        if (connector instanceof ControlledAttributes controlled) {
            for (String name : command.attributes().keySet()) {
                if (controlled.controls(name)) {
                    throw new PermanentException("attribute " + name + " is controlled by the connector of target "
                            + command.targetId() + " and cannot be set by a command; nothing was changed", null);
                }
            }
        }
    }

    boolean failed() {
        return failure != null;
    }

    Set<String> groupsToAdd() {
        return groupsToAdd;
    }

    Set<String> groupsToRemove() {
        return groupsToRemove;
    }

    /** Records that the group phase added or removed a group. */
    synchronized void groupChanged(String group, boolean added) {
        changes.add(AppliedChange.of(added ? ChangeKind.GROUP_ADDED : ChangeKind.GROUP_REMOVED, group));
        if (added) {
            heldGroups.add(group);
        } else {
            heldGroups.remove(group);
        }
    }

    /** The failure of this step, null if none. */
    synchronized ConnectorException failure() {
        return failure;
    }

    /**
     * Records that the command's transaction was rolled back: nothing it did stays, so no change is
     * reported, and the state is as it was read.
     */
    synchronized void rolledBack(ConnectorException e) {
        if (failure == null) {
            failure = e;
        }
        for (AppliedChange change : changes) {
            if (change.kind() == ChangeKind.GROUP_ADDED) {
                heldGroups.remove(change.name());
            } else if (change.kind() == ChangeKind.GROUP_REMOVED) {
                heldGroups.add(change.name());
            }
        }
        changes.clear();
        state = stateRead;
    }

    /** Records that the group phase failed for this account. */
    synchronized void groupFailed(ConnectorException e) {
        if (failure == null) {
            failure = e;
        }
    }

    synchronized CommandResult result() {
        if (failure == null) {
            ownership.written(command.accountId());
        }
        return new CommandResult(command, !changes.isEmpty(), state, heldGroups.stream().sorted().toList(),
                changes, failure);
    }

    private void create() {
        Map<String, List<String>> attributes = new HashMap<>();
        command.attributes().forEach((name, values) -> {
            if (!values.isEmpty()) {
                attributes.put(name, values);
            }
        });
        boolean enabled = command.state() == AccountState.PRESENT;
        try {
            capability(CreateOp.class).create(command.accountId(), attributes, enabled);
        } catch (AlreadyExistsException raced) {
            // Created meanwhile: converged if it is the worker's; a name taken outside our view is not adopted.
            ConnectorAccount existing = capability(GetOp.class).get(command.accountId()).orElseThrow(() -> raced);
            ownership.requireOwnedBy(command, existing);
            converge(existing);
            return;
        }
        changes.add(AppliedChange.of(ChangeKind.ACCOUNT_CREATED));
        attributes.keySet().stream().sorted()
                .forEach(name -> changes.add(new AppliedChange(ChangeKind.ATTRIBUTE_SET, name, attributes.get(name))));
        if (!enabled) {
            changes.add(AppliedChange.of(ChangeKind.ACCOUNT_DISABLED));
        }
        state = command.state();
        groupsToAdd.addAll(command.groups());
    }

    /**
     * A leaver's account, where the connector can disable it and read it as it was in one request:
     * then converged from that reading, as from a read. False if the connector did nothing.
     */
    private boolean disabledInOneRequest() {
        if (command.state() != AccountState.DISABLED || !(connector instanceof EnableOp)
                || !(connector instanceof RequestSaving saving)) {
            return false;
        }
        Optional<ConnectorAccount> before = saving.disableReadingBefore(command.accountId());
        if (before.isEmpty()) {
            return false;
        }
        stateRead = before.get().enabled() ? AccountState.PRESENT : AccountState.DISABLED;
        state = AccountState.DISABLED;
        if (before.get().enabled()) {
            changes.add(AppliedChange.of(ChangeKind.ACCOUNT_DISABLED));
        }
        converge(before.get(), true);
        return true;
    }

    private void converge(ConnectorAccount account) {
        converge(account, false);
    }

    /** @param stateApplied whether the account already has the command's state (set while it was read) */
    private void converge(ConnectorAccount account, boolean stateApplied) {
        updateAttributes(account);
        boolean enabled = command.state() == AccountState.PRESENT;
        if (!stateApplied && account.enabled() != enabled) {
            capability(EnableOp.class).setEnabled(account, enabled);
            changes.add(AppliedChange.of(enabled ? ChangeKind.ACCOUNT_ENABLED : ChangeKind.ACCOUNT_DISABLED));
        }
        state = command.state();
        Map<String, String> managed = byLowerCase(command.managedGroups());
        Map<String, String> desired = byLowerCase(command.groups());
        for (String group : account.groups()) {
            String key = group.toLowerCase();
            if (desired.containsKey(key)) {
                heldGroups.add(desired.get(key));
            } else if (managed.containsKey(key)) {
                heldGroups.add(managed.get(key));
                groupsToRemove.add(managed.get(key));
            }
        }
        Set<String> held = byLowerCase(account.groups()).keySet();
        desired.forEach((key, group) -> {
            if (!held.contains(key)) {
                groupsToAdd.add(group);
            }
        });
    }

    private void updateAttributes(ConnectorAccount account) {
        Map<String, List<String>> current = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        current.putAll(account.attributes());
        Map<String, List<String>> replace = new HashMap<>();
        Set<String> remove = new LinkedHashSet<>();
        command.attributes().forEach((name, values) -> {
            List<String> present = current.getOrDefault(name, List.of());
            if (values.isEmpty()) {
                if (!present.isEmpty()) {
                    remove.add(name);
                }
            } else if (!new LinkedHashSet<>(values).equals(new LinkedHashSet<>(present))) {
                replace.put(name, values);
            }
        });
        AttributeDelta delta = new AttributeDelta(replace, remove);
        if (delta.isEmpty()) {
            return;
        }
        capability(UpdateDeltaOp.class).update(account, delta);
        replace.keySet().stream().sorted()
                .forEach(name -> changes.add(new AppliedChange(ChangeKind.ATTRIBUTE_SET, name, replace.get(name))));
        remove.stream().sorted().forEach(name -> changes.add(AppliedChange.of(ChangeKind.ATTRIBUTE_REMOVED, name)));
    }

    /**
     * Takes over the worker's account that the target holds under another name: renamed to the
     * desired name, unless it is to be deleted anyway.
     */
    private ConnectorAccount adopt(CorrelateOp correlate, ConnectorAccount found) {
        if (found.accountId().equalsIgnoreCase(command.accountId()) || command.state() == AccountState.ABSENT) {
            return found;
        }
        correlate.rename(found.accountId(), command.accountId());
        changes.add(new AppliedChange(ChangeKind.ACCOUNT_RENAMED, null, List.of(found.accountId())));
        // Read again: the account is then changed by its reference, which a rename may change
        // (a DN is made of the name).
        return capability(GetOp.class).get(command.accountId()).orElseThrow(() -> new RetryableException(
                "account " + command.accountId() + " was not found right after its rename", null));
    }

    private void delete(ConnectorAccount account) {
        Map<String, String> managed = byLowerCase(command.managedGroups());
        for (String group : account.groups()) {
            String name = managed.get(group.toLowerCase());
            if (name != null) {
                capability(GroupMembershipOp.class).removeMembers(name, List.of(account.accountId()));
                changes.add(AppliedChange.of(ChangeKind.GROUP_REMOVED, name));
            }
        }
        capability(DeleteOp.class).delete(account.accountId());
        changes.add(AppliedChange.of(ChangeKind.ACCOUNT_DELETED));
        state = AccountState.ABSENT;
    }

    private <T> T capability(Class<T> operation) {
        if (!operation.isInstance(connector)) {
            throw new PermanentException("target " + command.targetId() + " does not support "
                    + operation.getSimpleName(), null);
        }
        return operation.cast(connector);
    }

    private static Map<String, String> byLowerCase(Iterable<String> groups) {
        Map<String, String> map = new LinkedHashMap<>();
        groups.forEach(group -> map.putIfAbsent(group.toLowerCase(), group));
        return map;
    }
}
