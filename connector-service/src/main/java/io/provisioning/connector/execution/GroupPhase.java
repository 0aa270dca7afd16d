package io.provisioning.connector.execution;

import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.RequestSaving;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/**
 * The group changes of many commands, one membership call per group for up to
 * {@link RequestSaving#membersPerCall()} members joining and as many leaving: a group that every
 * account joins costs one write per batch, not one per account. If a call fails, its members are
 * tried one by one so that one bad account fails alone.
 */
final class GroupPhase {

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
        int perCall = RequestSaving.membersPerCall(connector);
        Set<String> touched = new LinkedHashSet<>(removals.keySet());
        touched.addAll(additions.keySet());
        for (String group : touched) {
            List<AccountStep> leaving = removals.getOrDefault(group, List.of());
            List<AccountStep> joining = additions.getOrDefault(group, List.of());
            if (!leaving.isEmpty() && !joining.isEmpty() && leaving.size() <= perCall && joining.size() <= perCall) {
                calls.add(() -> change(group, joining, leaving, groups));
                continue;
            }
            chunks(leaving, perCall).forEach(chunk -> calls.add(() -> apply(group, chunk, false, groups::removeMembers)));
            chunks(joining, perCall).forEach(chunk -> calls.add(() -> apply(group, chunk, true, groups::addMembers)));
        }
        return calls;
    }

    /** Members joining and leaving one group in one call; if it fails for good, each direction on its own. */
    private Void change(String group, List<AccountStep> joining, List<AccountStep> leaving, GroupMembershipOp groups) {
        try {
            groups.changeMembers(group, accountIds(joining), accountIds(leaving));
            leaving.forEach(step -> step.groupChanged(group, false));
            joining.forEach(step -> step.groupChanged(group, true));
        } catch (ConnectorException e) {
            if (e.isRetryable()) {
                leaving.forEach(step -> step.groupFailed(e));
                joining.forEach(step -> step.groupFailed(e));
            } else {
                apply(group, leaving, false, groups::removeMembers);
                apply(group, joining, true, groups::addMembers);
            }
        } catch (RuntimeException e) {
            PermanentException failure = new PermanentException("connector error: " + e.getClass().getSimpleName(), null);
            leaving.forEach(step -> step.groupFailed(failure));
            joining.forEach(step -> step.groupFailed(failure));
        }
        return null;
    }

    private Void apply(String group, List<AccountStep> members, boolean add, BiConsumer<String, List<String>> call) {
        try {
            call.accept(group, accountIds(members));
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

    private static List<String> accountIds(List<AccountStep> steps) {
        return steps.stream().map(step -> step.command().accountId()).toList();
    }

    private static List<List<AccountStep>> chunks(List<AccountStep> members, int perCall) {
        List<List<AccountStep>> chunks = new ArrayList<>();
        for (int from = 0; from < members.size(); from += perCall) {
            chunks.add(members.subList(from, Math.min(members.size(), from + perCall)));
        }
        return chunks;
    }
}
