package io.provisioning.connector.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.connector.ldap.LdapConnectorFactory;
import io.provisioning.connector.ldap.OpenLdapConnectorTest;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.GroupMembershipOp;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A leaver's command against a real slapd: the account is disabled and read as it was in one
 * request, and the outcome reports exactly what changed, as it does when the account is read
 * first.
 */
class LeaverInOneRequestTest {

    private static final Map<String, List<String>> ATTRIBUTES = Map.of("cn", List.of("Lea Ver"), "sn", List.of("Ver"));

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private Connector directory;
    private String account;
    private String group;

    @BeforeEach
    void anEnabledAccountInAManagedGroup() {
        directory = connector(OpenLdapConnectorTest.settings(OpenLdapServer.get()));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        account = "leaver" + suffix;
        group = "grp-leaver-" + suffix;
        ((CreateOp) directory).create(account, ATTRIBUTES, true);
        ((GroupMembershipOp) directory).addMembers(group, List.of(account));
    }

    @AfterEach
    void close() {
        directory.close();
    }

    @Test
    void aLeaverIsDisabledAndLeavesItsGroupsWithoutASearchOfItsAccount() throws InterruptedException {
        CommandResult result = OneCommand.execute(counting(directory), leaver(ATTRIBUTES));

        assertThat(result.failure()).isNull();
        assertThat(result.changes()).containsExactly(AppliedChange.of(ChangeKind.ACCOUNT_DISABLED),
                AppliedChange.of(ChangeKind.GROUP_REMOVED, group));
        assertThat(result.state()).isEqualTo(AccountState.DISABLED);
        assertThat(calls.get("disableReadingBefore")).hasValue(1);
        assertThat(calls).doesNotContainKeys("get", "setEnabled");
        assertDisabledAndInNoGroup();
    }

    @Test
    void aLeaverAppliedAgainChangesNothingAndSaysSo() throws InterruptedException {
        OneCommand.execute(directory, leaver(ATTRIBUTES));

        CommandResult again = OneCommand.execute(directory, leaver(ATTRIBUTES));

        assertThat(again.failure()).isNull();
        assertThat(again.changes()).isEmpty();
        assertThat(again.state()).isEqualTo(AccountState.DISABLED);
        assertDisabledAndInNoGroup();
    }

    @Test
    void aLeaverWhoseAttributesChangedTooGetsThemOnceItsAccountIsDisabled() throws InterruptedException {
        CommandResult result = OneCommand.execute(directory, leaver(Map.of("cn", List.of("Lea Ver"),
                "sn", List.of("Ver-Left"))));

        assertThat(result.changes()).containsExactly(AppliedChange.of(ChangeKind.ACCOUNT_DISABLED),
                new AppliedChange(ChangeKind.ATTRIBUTE_SET, "sn", List.of("Ver-Left")),
                AppliedChange.of(ChangeKind.GROUP_REMOVED, group));
        assertThat(((GetOp) directory).get(account).orElseThrow().attributes()).containsEntry("sn", List.of("Ver-Left"));
        assertDisabledAndInNoGroup();
    }

    @Test
    void aLeaverTheConnectorCannotDisableInOneRequestIsReadAndDisabledAsBefore() throws InterruptedException {
        // named by cn, and never seen by this instance: the account id does not give its DN
        Map<String, String> byCn = OpenLdapConnectorTest.settings(OpenLdapServer.get());
        byCn.put("naming-attribute", "cn");
        String named = "cnleaver" + UUID.randomUUID().toString().substring(0, 8);
        try (Connector creator = connector(byCn); Connector fresh = connector(byCn)) {
            ((CreateOp) creator).create(named, Map.of("cn", List.of("Lea " + named), "sn", List.of("Ver")), true);
            ((GroupMembershipOp) creator).addMembers(group, List.of(named));

            CommandResult result = OneCommand.execute(counting(fresh), new ProvisioningCommand(
                    UUID.randomUUID().toString(), "evt-" + named, "W-" + named, "corp-ldap", named, 2,
                    AccountState.DISABLED, Map.of("cn", List.of("Lea " + named), "sn", List.of("Ver")), List.of(),
                    List.of(group), Map.of(), 1, "LEAVER", Instant.now()));

            assertThat(result.changes()).containsExactly(AppliedChange.of(ChangeKind.ACCOUNT_DISABLED),
                    AppliedChange.of(ChangeKind.GROUP_REMOVED, group));
            assertThat(calls.get("disableReadingBefore")).hasValue(1);
            assertThat(calls.get("get")).hasValue(1);
            assertThat(calls.get("setEnabled")).hasValue(1);
            assertThat(((GetOp) creator).get(named).orElseThrow().enabled()).isFalse();
        }
    }

    private void assertDisabledAndInNoGroup() {
        var read = ((GetOp) directory).get(account).orElseThrow();
        assertThat(read.enabled()).isFalse();
        assertThat(read.groups()).isEmpty();
    }

    private ProvisioningCommand leaver(Map<String, List<String>> attributes) {
        return new ProvisioningCommand(UUID.randomUUID().toString(), "evt-" + account, "W-" + account, "corp-ldap",
                account, 2, AccountState.DISABLED, attributes, List.of(), List.of(group), Map.of(), 1, "LEAVER",
                Instant.now());
    }

    private static Connector connector(Map<String, String> settings) {
        return new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap", settings));
    }

    /** The connector, counting the calls of each account operation by name. */
    private Connector counting(Connector target) {
        InvocationHandler handler = (proxy, method, args) -> {
            calls.computeIfAbsent(method.getName(), n -> new AtomicInteger()).incrementAndGet();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connector) Proxy.newProxyInstance(getClass().getClassLoader(), target.getClass().getInterfaces(), handler);
    }
}
