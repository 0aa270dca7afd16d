package io.provisioning.connector.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.connector.ldap.LdapConnectorFactory;
import io.provisioning.connector.ldap.OpenLdapConnectorTest;
import io.provisioning.connector.spi.RequestSaving;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.ConnectorException;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.RetryableException;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.AppliedChange;
import io.provisioning.contracts.command.ChangeKind;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.testsupport.OpenLdapServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accounts of one batch that join and leave the same group, against a real slapd: one membership
 * call for the group, and each direction on its own when that call fails for good.
 */
class GroupChangesInOneBatchTest {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private Connector directory;
    private ExecutorService threads;
    private String group;
    private String leaving;
    private String joining;

    @BeforeEach
    void twoAccountsOneOfThemInTheGroup() {
        directory = new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap",
                OpenLdapConnectorTest.settings(OpenLdapServer.get())));
        threads = Executors.newFixedThreadPool(4);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        group = "grp-batch-" + suffix;
        leaving = "leave" + suffix;
        joining = "join" + suffix;
        ((CreateOp) directory).create(leaving, Map.of("cn", List.of("Lea Ving"), "sn", List.of("Ving")), true);
        ((CreateOp) directory).create(joining, Map.of("cn", List.of("Jo Ining"), "sn", List.of("Ining")), true);
        ((GroupMembershipOp) directory).addMembers(group, List.of(leaving));
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        directory.close();
    }

    @Test
    void oneCallMovesTheMembersOfAGroupThatSomeJoinAndOthersLeave() throws InterruptedException {
        List<CommandResult> results = execute(counting(directory, null));

        assertThat(calls.get("changeMembers")).hasValue(1);
        assertThat(calls).doesNotContainKeys("addMembers", "removeMembers");
        assertMoved(results);
    }

    @Test
    void aChangeThatFailsForGoodIsMadeOneDirectionAtATime() throws InterruptedException {
        List<CommandResult> results = execute(counting(directory, new PermanentException("refused as a whole", null)));

        assertThat(calls.get("removeMembers")).hasValue(1);
        assertThat(calls.get("addMembers")).hasValue(1);
        assertMoved(results);
    }

    @Test
    void aChangeTheTargetCannotTakeNowFailsBothAccountsForARetry() throws InterruptedException {
        List<CommandResult> results = execute(counting(directory, new RetryableException("busy", null)));

        assertThat(results).allSatisfy(result -> assertThat(result.failure()).isInstanceOf(RetryableException.class));
        assertThat(calls).doesNotContainKeys("addMembers", "removeMembers");
        assertThat(groupsOf(leaving)).containsExactly(group);
        assertThat(groupsOf(joining)).isEmpty();
    }

    @Test
    void membersBeyondTheTargetsGroupBatchSizeGoInFurtherCallsOfAtMostThatMany() throws InterruptedException {
        Map<String, String> settings = OpenLdapConnectorTest.settings(OpenLdapServer.get());
        settings.put("group-batch-size", "2");
        Connector twoPerCall = new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap", settings));
        try {
            assertThat(((RequestSaving) twoPerCall).membersPerCall()).isEqualTo(2);
            List<String> joiners = List.of(joining + "a", joining + "b", joining + "c", joining + "d", joining + "e");
            joiners.forEach(id -> ((CreateOp) twoPerCall).create(id, Map.of("cn", List.of("Jo Ining"), "sn", List.of("Ining")), true));

            List<CommandResult> results = new CommandExecutor(counting(twoPerCall, null), threads)
                    .execute(joiners.stream().map(id -> command(id, List.of(group))).toList());

            assertThat(calls.get("addMembers")).hasValue(3);
            assertThat(results).allSatisfy(result -> {
                assertThat(result.failure()).isNull();
                assertThat(result.changes()).containsExactly(AppliedChange.of(ChangeKind.GROUP_ADDED, group));
            });
            joiners.forEach(id -> assertThat(groupsOf(id)).containsExactly(group));
        } finally {
            twoPerCall.close();
        }
    }

    private void assertMoved(List<CommandResult> results) {
        assertThat(results.get(0).failure()).isNull();
        assertThat(results.get(0).changes()).containsExactly(AppliedChange.of(ChangeKind.GROUP_REMOVED, group));
        assertThat(results.get(1).failure()).isNull();
        assertThat(results.get(1).changes()).containsExactly(AppliedChange.of(ChangeKind.GROUP_ADDED, group));
        assertThat(groupsOf(leaving)).isEmpty();
        assertThat(groupsOf(joining)).containsExactly(group);
    }

    private List<CommandResult> execute(Connector connector) throws InterruptedException {
        return new CommandExecutor(connector, threads).execute(List.of(
                command(leaving, List.of()), command(joining, List.of(group))));
    }

    private ProvisioningCommand command(String accountId, List<String> groups) {
        Map<String, List<String>> attributes = accountId.equals(leaving)
                ? Map.of("cn", List.of("Lea Ving"), "sn", List.of("Ving"))
                : Map.of("cn", List.of("Jo Ining"), "sn", List.of("Ining"));
        return new ProvisioningCommand(UUID.randomUUID().toString(), "evt-" + accountId, "W-" + accountId,
                "corp-ldap", accountId, 1, AccountState.PRESENT, attributes, groups, List.of(group), Map.of(), 1,
                "MOVER", Instant.now());
    }

    private List<String> groupsOf(String accountId) {
        return List.copyOf(((GetOp) directory).get(accountId).orElseThrow().groups());
    }

    /** A directory connector, counting membership calls; changeMembers throws {@code fault} if given. */
    private Connector counting(Connector target, ConnectorException fault) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.endsWith("Members")) {
                calls.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                if (fault != null && name.equals("changeMembers")) {
                    throw fault;
                }
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connector) Proxy.newProxyInstance(getClass().getClassLoader(),
                target.getClass().getInterfaces(), handler);
    }
}
