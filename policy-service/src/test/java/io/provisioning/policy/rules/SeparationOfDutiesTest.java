package io.provisioning.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.policy.authoring.PolicyValidator;
import io.provisioning.policy.model.PolicyDocument;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeparationOfDutiesTest {

    private static final String POLICY = """
            targets:
              ledger: { managedGroups: [approvers, clerks] }
              apps: { managedGroups: [admins, users] }
            conflicts:
              - id: approve-vs-admin
                description: approvers do not administer
                entitlements: [[ledger, approvers], [apps, admins], [ledger, clerks]]
                mode: prevent
              - id: watch
                entitlements: [[apps, users], [ledger, clerks]]
            """;

    @Test
    void anyTwoOfARulesEntitlementsBreakItAndOneDoesNot() {
        PolicyDocument policy = PolicyValidator.validate(POLICY, "yaml").document();

        assertThat(SeparationOfDuties.violations(policy, Map.of("ledger", List.of("approvers")))).isEmpty();
        List<SeparationOfDuties.Violation> both = SeparationOfDuties.violations(policy,
                Map.of("ledger", List.of("approvers", "clerks"), "apps", List.of("users")));
        assertThat(both).extracting(SeparationOfDuties.Violation::ruleId).containsExactly("approve-vs-admin", "watch");
        assertThat(both.get(0).held()).containsExactly(List.of("ledger", "approvers"), List.of("ledger", "clerks"));
        assertThat(both.get(0).prevents()).isTrue();
        assertThat(both.get(1).mode()).as("detect by default").isEqualTo("detect");
    }

    @Test
    void aRuleNamingAnUnknownTargetOrAnUnmanagedGroupOrOnlyOneEntitlementIsRefused() {
        String wrong = """
                targets:
                  ledger: { managedGroups: [approvers] }
                conflicts:
                  - id: x
                    entitlements: [[ledger, approvers], [hr, admins]]
                  - id: x
                    entitlements: [[ledger, approvers], [ledger, root]]
                    approveWith: manager
                  - id: y
                    entitlements: [[ledger, approvers], [ledger, approvers]]
                    mode: prevent
                """;

        assertThatThrownBy(() -> PolicyValidator.validate(wrong, "yaml"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::pointer).containsExactlyInAnyOrder(
                                "/conflicts/0/entitlements/1/0", "/conflicts/1/id", "/conflicts/1/entitlements/1/1",
                                "/conflicts/1/approveWith", "/conflicts/2/entitlements"));
    }
}
