package io.provisioning.connector.execution;

import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.PermanentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * The group changes of many commands, one membership call per group and direction for up to
 * {@link #CHUNK} members: a group that every account joins costs one write per batch, not one per
 * account. If a call fails, its members are tried one by one so that one bad account fails alone.
 */
final class GroupPhase {

    static final int CHUNK = 1000;

    private final Connector connector;

    GroupPhase(Connector connector) {
        this.connector = connector;
    }

    /** The membership calls to make for these steps; each may run on its own thread. */
    List<Callable<Void>> calls(List<AccountStep> steps) {
        Map<String, List<AccountStep>> removals = new LinkedHashMap<>();
        Map<String, List<AccountStep>> additions = new LinkedHashMap<>();
        for (AccountStep step : steps) {
            if (step.failed()) {
                continue;
            }
            step.groupsToRemove().forEach(group -> removals.computeIfAbsent(group, g -> new ArrayList<>()).add(step));
            step.groupsToAdd().forEach(group -> additions.computeIfAbsent(group, g -> new ArrayList<>()).add(step));
        }
        List<Callable<Void>> calls = new ArrayList<>();
        if (removals.isEmpty() && additions.isEmpty()) {
            return calls;
        }
        if (!(connector instanceof GroupMembershipOp groups)) {
            PermanentException unsupported = new PermanentException(
                    "target " + connector.targetId() + " does not support GroupMembershipOp", null);
            removals.values().forEach(list -> list.forEach(step -> step.groupFailed(unsupported)));
            additions.values().forEach(list -> list.forEach(step -> step.groupFailed(unsupported)));
            return calls;
        }
        removals.forEach((group, members) -> chunks(members).forEach(chunk ->
                calls.add(() -> apply(group, chunk, false, groups::removeMembers))));
        additions.forEach((group, members) -> chunks(members).forEach(chunk ->
                calls.add(() -> apply(group, chunk, true, groups::addMembers))));
        return calls;
    }

    private Void apply(String group, List<AccountStep> members, boolean add, BiConsumer<String, List<String>> call) {
        try {
            call.accept(group, members.stream().map(step -> step.command().accountId()).toList());
            members.forEach(step -> step.groupChanged(group, add));
        } catch (ConnectorException e) {
            if (members.size() == 1 || e.isRetryable()) {
                members.forEach(step -> step.groupFailed(e));
            } else {
                members.forEach(step -> apply(group, List.of(step), add, call));
            }
        } catch (RuntimeException e) {
            PermanentException failure = new PermanentException("connector error: " + e.getClass().getSimpleName(), null);
            members.forEach(step -> step.groupFailed(failure));
        }
        return null;
    }

    private static List<List<AccountStep>> chunks(List<AccountStep> members) {
        List<List<AccountStep>> chunks = new ArrayList<>();
        for (int from = 0; from < members.size(); from += CHUNK) {
            chunks.add(members.subList(from, Math.min(members.size(), from + CHUNK)));
        }
        return chunks;
    }
}
