package io.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.provisioning.contracts.command.AccountState;
import io.provisioning.contracts.command.AppliedChange;
import io.provisioning.contracts.command.ChangeKind;
import io.provisioning.contracts.command.OutcomeStatus;
import io.provisioning.contracts.command.ProvisioningCommand;
import io.provisioning.contracts.command.ProvisioningOutcome;
import io.provisioning.contracts.policy.OperatorAction;
import io.provisioning.contracts.policy.AccessRequestChange;
import io.provisioning.contracts.policy.PolicyActivated;
import io.provisioning.contracts.policy.SodViolation;
import io.provisioning.contracts.policy.AccessReviewChange;
import io.provisioning.contracts.policy.ObservedAccess;
import io.provisioning.contracts.policy.PolicyChange;
import io.provisioning.contracts.policy.TerminationHeld;
import io.provisioning.contracts.policy.TerminationHoldDecision;
import io.provisioning.contracts.policy.SnapshotDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractRecordsRoundTripTest {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Instant NOW = Instant.parse("2026-11-26T09:00:01.123Z");

    @Test
    void commandRoundTripsAsDesiredState() throws Exception {
        ProvisioningCommand command = new ProvisioningCommand("cmd-1", "evt-1", "E10042", "corp-ldap", "zobriain", 3,
                AccountState.PRESENT, Map.of("mail", List.of("zoe.obriain@example.com")), List.of("engineering"),
                List.of("engineering", "sales"), Map.of("engineering", List.of("dept-engineering")), 7, "JOINER", NOW);

        String json = MAPPER.writeValueAsString(command);

        assertThat(MAPPER.readValue(json, ProvisioningCommand.class)).isEqualTo(command);
        assertThat(MAPPER.readTree(json).get("state").asText()).isEqualTo("PRESENT");
    }

    @Test
    void commandWithoutGroupsReadsAsEmptyListsNeverNull() throws Exception {
        ProvisioningCommand command = MAPPER.readValue("""
                {"commandId":"c","workerId":"E1","targetId":"t","accountId":"a","sequence":1,"state":"ABSENT"}
                """, ProvisioningCommand.class);

        assertThat(command.groups()).isEmpty();
        assertThat(command.managedGroups()).isEmpty();
        assertThat(command.attributes()).isEmpty();
    }

    @Test
    void outcomeRoundTripsWithItsChanges() throws Exception {
        ProvisioningOutcome outcome = new ProvisioningOutcome("cmd-1/1", "cmd-1", "evt-1", "E10042", "corp-ldap",
                "zobriain", 3, OutcomeStatus.APPLIED, AccountState.PRESENT, List.of("engineering"),
                List.of(AppliedChange.of(ChangeKind.ACCOUNT_CREATED),
                        AppliedChange.of(ChangeKind.GROUP_ADDED, "engineering")),
                null, null, 1, 7, NOW, 42);

        String json = MAPPER.writeValueAsString(outcome);

        assertThat(MAPPER.readValue(json, ProvisioningOutcome.class)).isEqualTo(outcome);
        assertThat(json).doesNotContain("\"error\"");
    }

    @Test
    void policyChangesRoundTripThroughTheirTypeName() throws Exception {
        List<PolicyChange> changes = List.of(
                new PolicyActivated("pc-1", NOW, "alice", 2, "add sales", "ab12", Map.of("create", 3)),
                new SnapshotDecision("pc-2", NOW, "system", "snap-1", "workday", "HELD", Map.of("terminated", 30), null),
                new OperatorAction("pc-3", NOW, "alice", "dead-letter.retry", "corp-ldap", "cmd-9", null),
                new TerminationHeld("held-ev-1", NOW, "policy-service", "E1", "ev-1", NOW, "hold-1"),
                new TerminationHoldDecision("pc-4", NOW, "alice", "hold-1", "APPROVED", 4500, 500, 500, 120_000, "PT1H"),
                new AccessRequestChange("req-1-3", NOW, "ugo", "E1", "req-1", "approved", "PENDING", "corp-ldap",
                        "production-access", 1, "M1", null, "E1", NOW, NOW.plusSeconds(28_800), "ok for the release", null),
                new SodViolation("sod-1", NOW, "ugo", "E1", null, "ledger-vs-admin", "prevent",
                        List.of(List.of("legacy-db", "ledger-approvers"), List.of("apps-scim", "it-admins")), "refused", "x"),
                new AccessReviewChange("rev-1-7", NOW, "chiara", "E1", "rev-1", "decided", "Finance Q4", 7, "legacy-db",
                        "ledger-users", "revoke", "M1", "left the ledger team", null, null),
                new ObservedAccess("obs-1", NOW, "system", "legacy-db", "run-1", 1, true,
                        List.of(new ObservedAccess.Holding("E1", "eone", List.of("ledger-approvers")))));

        for (PolicyChange change : changes) {
            String json = MAPPER.writeValueAsString(change);
            assertThat(MAPPER.readValue(json, PolicyChange.class)).isEqualTo(change);
        }
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(changes.get(0))).get("type").asText())
                .isEqualTo("policy.activated");
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(changes.get(3))).get("type").asText())
                .isEqualTo("hr.termination-held");
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(changes.get(4))).get("type").asText())
                .isEqualTo("termination-hold.decision");
    }

    @Test
    void commandTopicIsDerivedFromTheTargetIdAndRejectsUnsafeIds() {
        assertThat(Topics.commands("corp-ldap")).isEqualTo("provisioning.commands.corp-ldap");
        assertThat(Topics.deadLetter(Topics.commands("corp-ldap"))).isEqualTo("provisioning.commands.corp-ldap.dlq");
        assertThat(Topics.COMMANDS_PATTERN.matcher("provisioning.commands.hr-scim").matches()).isTrue();
        assertThatThrownBy(() -> Topics.commands("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
