package io.provisioning.policy.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.contracts.command.AccountState;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.store.OpenRequest;
import io.provisioning.policy.store.PolicyStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DesiredStatesTest {

    private static final Map<String, String> LAWYER = Map.of("workerId", "W1", "givenName", "Lena", "familyName",
            "Law", "workerType", "EMPLOYEE", "department", "Legal", "startDate", "2026-01-01");
    private static final UUID VPN = UUID.fromString("00000000-0000-4000-8000-000000000001");
    private static final UUID LEDGER = UUID.fromString("00000000-0000-4000-8000-000000000002");

    private static PolicyDocument defaultPolicy() throws IOException {
        try (InputStream in = DesiredStatesTest.class.getClassLoader().getResourceAsStream("default-policy.yaml")) {
            return PolicyStore.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void activeGrantsJoinTheBirthrightGroupsWithTheRequestAsReasonAndEntitleATargetOfTheirOwn() throws IOException {
        List<OpenRequest> open = List.of(new OpenRequest(VPN, "corp-ldap", "vpn-remote", "ACTIVE"),
                new OpenRequest(LEDGER, "legacy-db", "ledger-approvers", "ACTIVE"),
                new OpenRequest(UUID.randomUUID(), "corp-ldap", "production-access", "PENDING"));

        List<DesiredStates.Planned> planned = DesiredStates.plan(defaultPolicy(), LifecycleState.ACTIVE, false, LAWYER,
                DesiredStates.requested(open), Map.of(), target -> null, (target, policy) -> "llaw");

        assertThat(planned).extracting(DesiredStates.Planned::targetId).containsExactly("corp-ldap", "legacy-db");
        DesiredStates.Desired ldap = planned.get(0).desired();
        assertThat(ldap.grants()).containsEntry("vpn-remote", List.of("request:" + VPN))
                .containsEntry("all-staff", List.of("staff")).doesNotContainKey("production-access");
        assertThat(planned.get(1).desired().state()).isEqualTo(AccountState.PRESENT);
        assertThat(planned.get(1).desired().groups()).containsExactly("ledger-approvers");
    }

    @Test
    void aRequestedGroupTheTargetNoLongerManagesIsLeftOutAndALeaverHoldsNone() throws IOException {
        List<OpenRequest> open = List.of(new OpenRequest(VPN, "corp-ldap", "domain-admins", "ACTIVE"));

        List<DesiredStates.Planned> active = DesiredStates.plan(defaultPolicy(), LifecycleState.ACTIVE, false, LAWYER,
                DesiredStates.requested(open), Map.of(), target -> null, (target, policy) -> "llaw");
        assertThat(active.get(0).desired().groups()).doesNotContain("domain-admins");

        List<DesiredStates.Planned> left = DesiredStates.plan(defaultPolicy(), LifecycleState.TERMINATED, false, LAWYER,
                DesiredStates.requested(List.of(new OpenRequest(VPN, "corp-ldap", "vpn-remote", "ACTIVE"))),
                Map.of(), target -> "llaw", (target, policy) -> "llaw");
        assertThat(left).allSatisfy(p -> assertThat(p.desired().groups()).isEmpty());
    }

    @Test
    void aBirthrightGroupAReviewRevokedIsLeftOutAndATargetLeftWithoutGroupsIsDisabled() throws IOException {
        Map<String, String> accountant = Map.of("workerId", "W2", "givenName", "Ada", "familyName", "Count",
                "workerType", "EMPLOYEE", "department", "Finance", "jobTitle", "Accountant", "startDate", "2026-01-01");

        List<DesiredStates.Planned> planned = DesiredStates.plan(defaultPolicy(), LifecycleState.ACTIVE, false, accountant,
                Map.of(), Map.of("legacy-db", List.of("ledger-users"), "corp-ldap", List.of("finance")),
                target -> "acount", (target, policy) -> "acount");

        DesiredStates.Desired corp = planned.stream().filter(p -> p.targetId().equals("corp-ldap")).findFirst()
                .orElseThrow().desired();
        assertThat(corp.groups()).contains("all-staff").doesNotContain("finance");
        DesiredStates.Planned ledger = planned.stream().filter(p -> p.targetId().equals("legacy-db")).findFirst().orElseThrow();
        assertThat(ledger.desired().state()).isEqualTo(AccountState.DISABLED);
        assertThat(ledger.desired().groups()).isEmpty();
    }

    @Test
    void aRequestedGrantOfAnExcludedGroupStillCounts() throws IOException {
        Map<String, String> controller = Map.of("workerId", "W3", "givenName", "Cid", "familyName", "Troll",
                "workerType", "EMPLOYEE", "department", "Finance", "jobTitle", "Controller", "startDate", "2026-01-01");

        List<DesiredStates.Planned> planned = DesiredStates.plan(defaultPolicy(), LifecycleState.ACTIVE, false, controller,
                DesiredStates.requested(List.of(new OpenRequest(LEDGER, "legacy-db", "ledger-approvers", "ACTIVE"))),
                Map.of("legacy-db", List.of("ledger-approvers")), target -> null, (target, policy) -> "ctroll");

        DesiredStates.Planned ledger = planned.stream().filter(p -> p.targetId().equals("legacy-db")).findFirst().orElseThrow();
        assertThat(ledger.desired().grants()).containsEntry("ledger-approvers", List.of("request:" + LEDGER))
                .containsEntry("ledger-users", List.of("finance"));
    }
}
