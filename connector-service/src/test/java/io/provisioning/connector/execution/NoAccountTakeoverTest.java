package io.provisioning.connector.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.connector.ldap.LdapConnectorFactory;
import io.provisioning.connector.ldap.OpenLdapConnectorTest;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.GetOp;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.testsupport.OpenLdapServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real slapd: an account that existed before the product, under the name a hire is given,
 * is linked only when it carries the worker's id, and is otherwise never changed.
 */
class NoAccountTakeoverTest {

    private Connector directory;
    private String name;

    @BeforeEach
    void connect() {
        directory = new LdapConnectorFactory().create(new TargetConfiguration("corp-ldap", "ldap",
                OpenLdapConnectorTest.settings(OpenLdapServer.get())));
        name = "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void close() {
        directory.close();
    }

    @Test
    void anAccountOfAnotherWorkerIsNeverTakenOver() throws InterruptedException {
        ((CreateOp) directory).create(name, Map.of("cn", List.of("Other Person"), "sn", List.of("Person"),
                "employeeNumber", List.of("E-OTHER"), "mail", List.of("other@example.com")), true);

        CommandResult result = OneCommand.execute(directory, hire("E-NEW"), ownershipWithoutHistory());

        assertThat(result.failure()).isInstanceOf(AccountOwnership.NameConflictException.class);
        assertThat(result.failure().code()).isEqualTo("NAME_CONFLICT");
        assertThat(result.failure().isRetryable()).isFalse();
        assertThat(result.changes()).isEmpty();
        var untouched = ((GetOp) directory).get(name).orElseThrow();
        assertThat(untouched.attributes().get("employeeNumber")).containsExactly("E-OTHER");
        assertThat(untouched.attributes().get("mail")).containsExactly("other@example.com");
        assertThat(untouched.groups()).isEmpty();
        assertThat(untouched.enabled()).isTrue();
    }

    @Test
    void anAccountWithoutAWorkerIdThatTheProductNeverWroteIsNeitherAdoptedNorDisabled() throws InterruptedException {
        ((CreateOp) directory).create(name, Map.of("cn", List.of("Hand Made"), "sn", List.of("Made")), true);

        CommandResult hire = OneCommand.execute(directory, hire("E-NEW"), ownershipWithoutHistory());
        CommandResult leaver = OneCommand.execute(directory, command("E-NEW", AccountState.DISABLED, 2),
                ownershipWithoutHistory());

        assertThat(hire.failure()).isInstanceOf(AccountOwnership.NameConflictException.class);
        assertThat(leaver.failure()).isInstanceOf(AccountOwnership.NameConflictException.class);
        var untouched = ((GetOp) directory).get(name).orElseThrow();
        assertThat(untouched.enabled()).isTrue();
        assertThat(untouched.attributes()).doesNotContainKey("employeeNumber");
    }

    @Test
    void anAccountThatCarriesTheWorkersIdIsLinkedAndConverged() throws InterruptedException {
        ((CreateOp) directory).create(name, Map.of("cn", List.of("Old Name"), "sn", List.of("Name"),
                "employeeNumber", List.of("E-NEW")), true);

        CommandResult result = OneCommand.execute(directory, hire("E-NEW"), ownershipWithoutHistory());

        assertThat(result.failure()).isNull();
        var linked = ((GetOp) directory).get(name).orElseThrow();
        assertThat(linked.attributes().get("cn")).containsExactly("New Hire");
        assertThat(linked.attributes().get("mail")).containsExactly(name + "@example.com");
    }

    @Test
    void anAccountTheProductWroteBeforeIsConvergedWithoutAWorkerId() throws InterruptedException {
        ((CreateOp) directory).create(name, Map.of("cn", List.of("Old Name"), "sn", List.of("Name")), true);

        CommandResult result = OneCommand.execute(directory, hire("E-NEW"),
                new AccountOwnership("employeeNumber", Set.of(name)::contains));

        assertThat(result.failure()).isNull();
        assertThat(((GetOp) directory).get(name).orElseThrow().attributes().get("cn")).containsExactly("New Hire");
    }

    @Test
    void aCommandThatSetsAPasswordIsRefusedBeforeTheDirectoryIsTouched() throws InterruptedException {
        ProvisioningCommand forged = new ProvisioningCommand(UUID.randomUUID().toString(), "evt-" + name, "E-NEW",
                "corp-ldap", name, 1, AccountState.PRESENT, Map.of("cn", List.of("New Hire"), "sn", List.of("Hire"),
                "userPassword", List.of("E-NEW")), List.of(), List.of(), Map.of(), 1, "JOINER", Instant.now());

        CommandResult result = OneCommand.execute(directory, forged, ownershipWithoutHistory());

        assertThat(result.failure()).isNotNull();
        assertThat(result.failure().isRetryable()).isFalse();
        assertThat(result.failure().getMessage()).contains("userPassword").doesNotContain("E-NEW\"");
        assertThat(((GetOp) directory).get(name)).isEmpty();
    }

    private static AccountOwnership ownershipWithoutHistory() {
        return new AccountOwnership("employeeNumber", accountId -> false);
    }

    private ProvisioningCommand hire(String workerId) {
        return command(workerId, AccountState.PRESENT, 1);
    }

    private ProvisioningCommand command(String workerId, AccountState state, long sequence) {
        return new ProvisioningCommand(UUID.randomUUID().toString(), "evt-" + name, workerId, "corp-ldap", name,
                sequence, state, Map.of("cn", List.of("New Hire"), "sn", List.of("Hire"), "employeeNumber",
                List.of(workerId), "mail", List.of(name + "@example.com")), List.of(), List.of(), Map.of(), 1,
                state == AccountState.PRESENT ? "JOINER" : "LEAVER", Instant.now());
    }
}
