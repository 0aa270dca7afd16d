package io.provisioning.connector.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.connector.execution.CommandResult;
import io.provisioning.connector.execution.OneCommand;
import io.provisioning.connector.spi.Connector;
import io.provisioning.connector.spi.CreateOp;
import io.provisioning.connector.spi.GroupMembershipOp;
import io.provisioning.connector.spi.PermanentException;
import io.provisioning.connector.spi.TargetConfiguration;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.AppliedChange;
import io.provisioning.contracts.command.ChangeKind;
import io.provisioning.contracts.command.ProvisioningCommand;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the SCIM connector adapts to what a service provider declares (/ResourceTypes, /Schemas)
 * and how it finds a worker's user by {@code externalId} when the user was renamed in the target.
 */
class ScimDiscoveryAndCorrelationTest {

    private FakeScimServer server;
    private Connector connector;

    @BeforeEach
    void start() throws Exception {
        server = new FakeScimServer(false);
        connector = new ScimConnectorFactory().create(new TargetConfiguration("apps-scim", "scim", Map.of(
                "base-url", server.baseUrl(), "auth", "bearer", "token", "static-token")));
    }

    @AfterEach
    void stop() {
        connector.close();
        server.close();
    }

    @Test
    void aUserRenamedInTheTargetIsFoundByItsWorkerIdAndGivenItsNameBack() throws Exception {
        server.addUser("jdoe.renamed", true, "W7");

        CommandResult result = OneCommand.execute(connector, command("W7", "jdoe", AccountState.PRESENT, List.of("developers")));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.changes()).contains(new AppliedChange(ChangeKind.ACCOUNT_RENAMED, null, List.of("jdoe.renamed")),
                AppliedChange.of(ChangeKind.GROUP_ADDED, "developers"));
        assertThat(result.changes()).doesNotContain(AppliedChange.of(ChangeKind.ACCOUNT_CREATED));
        assertThat(server.user("jdoe")).isNotNull();
        assertThat(server.user("jdoe").path("externalId").asText()).isEqualTo("W7");
        assertThat(server.user("jdoe.renamed")).isNull();
        assertThat(server.requests()).noneMatch(r -> r.method().equals("POST") && r.path().equals("/Users"));
    }

    @Test
    void aLeaversUserRenamedInTheTargetIsDeletedUnderItsCurrentName() throws Exception {
        server.addUser("jdoe.renamed", false, "W8");

        CommandResult result = OneCommand.execute(connector, command("W8", "jdoe", AccountState.ABSENT, List.of()));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.changes()).containsExactly(AppliedChange.of(ChangeKind.ACCOUNT_DELETED));
        assertThat(server.user("jdoe.renamed")).isNull();
    }

    @Test
    void aUserOfAnotherWorkerIsNeverAdopted() throws Exception {
        server.addUser("someone", true, "W-OTHER");

        CommandResult result = OneCommand.execute(connector, command("W9", "jdoe", AccountState.PRESENT, List.of()));

        assertThat(result.changes()).startsWith(AppliedChange.of(ChangeKind.ACCOUNT_CREATED));
        assertThat(server.user("someone")).isNotNull();
        assertThat(server.user("jdoe")).isNotNull();
    }

    @Test
    void theEnterpriseExtensionIsSentOnlyWhenTheUserResourceTypeDeclaresIt() {
        ((CreateOp) connector).create("plain", Map.of("enterprise.department", List.of("Finance"),
                "name.familyName", List.of("Plain")), true);
        assertThat(server.user("plain").has(ScimUsers.ENTERPRISE)).isFalse();

        server.resourceTypes(true, true, true);
        try (Connector rediscovered = newConnector()) {
            ((CreateOp) rediscovered).create("extended", Map.of("enterprise.department", List.of("Finance"),
                    "name.familyName", List.of("Extended")), true);
        }
        assertThat(server.user("extended").path(ScimUsers.ENTERPRISE).path("department").asText()).isEqualTo("Finance");
    }

    @Test
    void aServerWithoutGroupsRefusesMembershipChangesAsPermanent() {
        server.resourceTypes(true, false, false);
        server.addUser("solo", true);

        assertThat(((ScimConnector) connector).capabilities().groups()).isFalse();
        assertThatThrownBy(() -> ((GroupMembershipOp) connector).addMembers("developers", List.of("solo")))
                .isInstanceOf(PermanentException.class).hasMessageContaining("no Groups resource type");
        assertThat(server.requests()).noneMatch(r -> r.path().startsWith("/Groups"));
    }

    @Test
    void aServerWithoutResourceTypesIsReadFromItsSchemas() {
        server.resourceTypes(false, false, false);

        ScimCapabilities capabilities = ((ScimConnector) connector).capabilities();

        assertThat(capabilities.groups()).isTrue();
        assertThat(capabilities.enterprise()).isFalse();
        assertThat(capabilities.patch()).isTrue();
        assertThat(server.requests()).anyMatch(r -> r.path().equals("/Schemas"));
    }

    private Connector newConnector() {
        return new ScimConnectorFactory().create(new TargetConfiguration("apps-scim", "scim", Map.of(
                "base-url", server.baseUrl(), "auth", "bearer", "token", "static-token")));
    }

    private static ProvisioningCommand command(String workerId, String accountId, AccountState state, List<String> groups) {
        return new ProvisioningCommand("c-" + workerId, "e-" + workerId, workerId, "apps-scim", accountId, 1, state,
                state == AccountState.ABSENT ? Map.of() : Map.of("name.familyName", List.of("Doe"),
                        "externalId", List.of(workerId)),
                groups, List.of("developers"), Map.of(), 1, "JOINER", Instant.now());
    }
}
