package io.provisioning.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.provisioning.policy.model.Condition;
import io.provisioning.policy.model.PolicyDocument;
import io.provisioning.policy.store.PolicyStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantEvaluatorTest {

    private static PolicyDocument defaultPolicy() throws IOException {
        try (InputStream in = GrantEvaluatorTest.class.getClassLoader().getResourceAsStream("default-policy.yaml")) {
            return PolicyStore.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void employeeInEngineeringGetsStaffAndEngineeringWithTheRulesThatGrantThem() throws IOException {
        var grants = GrantEvaluator.grants(defaultPolicy(),
                Map.of("workerType", "EMPLOYEE", "department", "Engineering")::get);

        assertThat(grants).containsOnlyKeys("corp-ldap", "apps-scim");
        assertThat(grants.get("corp-ldap")).containsExactly(
                Map.entry("all-staff", List.of("staff")), Map.entry("engineering", List.of("engineering")));
        assertThat(grants.get("apps-scim")).containsExactly(Map.entry("developers", List.of("engineering")));
    }

    @Test
    void vendorInFinanceIsExcludedByTheNotCondition() throws IOException {
        var grants = GrantEvaluator.grants(defaultPolicy(), Map.of("workerType", "VENDOR", "department", "Finance")::get);

        assertThat(grants.get("corp-ldap")).containsOnlyKeys("external-staff");
        assertThat(grants).doesNotContainKey("legacy-db");
    }

    @Test
    void aFinanceControllerGetsTheLedgerAndItsApproverGroup() throws IOException {
        var grants = GrantEvaluator.grants(defaultPolicy(),
                Map.of("workerType", "EMPLOYEE", "department", "Finance", "jobTitle", "Controller")::get);

        assertThat(grants.get("legacy-db")).containsOnlyKeys("ledger-users", "ledger-approvers");
    }

    @Test
    void conditionsCombineEqualsInAndNot() {
        Condition inButNot = new Condition(null, List.of("A", "B"), new Condition("B", null, null));

        assertThat(inButNot.test("A")).isTrue();
        assertThat(inButNot.test("B")).isFalse();
        assertThat(inButNot.test("C")).isFalse();
        assertThat(inButNot.test(null)).isFalse();
        assertThat(new Condition(null, null, new Condition("X", null, null)).test(null)).isTrue();
    }

    @Test
    void groupsATargetDoesNotManageAreNeverGranted() throws IOException {
        PolicyDocument policy = PolicyStore.parse("""
                targets:
                  app: { birthright: false, managedGroups: [users] }
                rules:
                  - id: r1
                    when: {}
                    grant: { app: [users, admins], unknown-target: [x] }
                """);

        assertThat(GrantEvaluator.grants(policy, Map.<String, String>of()::get).get("app")).containsOnlyKeys("users");
    }
}
