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
                DesiredStates.requested(open), target -> null, (target, policy) -> "llaw");

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
                DesiredStates.requested(open), target -> null, (target, policy) -> "llaw");
        assertThat(active.get(0).desired().groups()).doesNotContain("domain-admins");

        List<DesiredStates.Planned> left = DesiredStates.plan(defaultPolicy(), LifecycleState.TERMINATED, false, LAWYER,
                DesiredStates.requested(List.of(new OpenRequest(VPN, "corp-ldap", "vpn-remote", "ACTIVE"))),
                target -> "llaw", (target, policy) -> "llaw");
        assertThat(left).allSatisfy(p -> assertThat(p.desired().groups()).isEmpty());
    }
}
