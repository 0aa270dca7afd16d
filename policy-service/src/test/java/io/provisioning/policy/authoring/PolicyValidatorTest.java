package io.provisioning.policy.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {

    @Test
    void theShippedPoliciesAreValid() throws IOException {
        for (String resource : new String[] {"default-policy.yaml", "test-policy.yaml"}) {
            PolicyValidator.ValidPolicy valid = PolicyValidator.validate(read(resource), "yaml");
            assertThat(valid.document().targets()).containsKey("corp-ldap");
        }
    }

    @Test
    void theSameDocumentInJsonIsValidAndErrorsInJsonHaveTheirPlaceToo() {
        String json = """
                {"targets": {"corp-ldap": {"birthright": true, "managedGroups": ["all-staff"]}},
                 "rules": [{"id": "staff", "grant": {"corp-ldap": ["all-staff", "root"]}}]}""";

        assertThatThrownBy(() -> PolicyValidator.validate(json, "json"))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    Problem.FieldError error = e.problem().errors().get(0);
                    assertThat(error.pointer()).isEqualTo("/rules/0/grant/corp-ldap/1");
                    assertThat(error.line()).isEqualTo(2);
                    assertThat(error.column()).isGreaterThan(40);
                });
        assertThat(PolicyValidator.validate(json.replace(", \"root\"", ""), "json").document().rules()).hasSize(1);
    }

    @Test
    void requestableGroupsMustBeManagedLastAPositiveTimeAndNameWhoDecidesWithoutAManager() {
        String yaml = """
                targets:
                  corp-ldap:
                    managedGroups: [all-staff, vpn]
                    requestable:
                      root: { approvers: [manager], maxDuration: P1D, fallbackApprover: W1 }
                      vpn: { approvers: [manager, "owner:W2"], maxDuration: P0D, decisionTimeout: PT0M }
                """;

        assertThatThrownBy(() -> PolicyValidator.validate(yaml, "yaml"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::pointer)
                        .containsExactlyInAnyOrder("/targets/corp-ldap/requestable/root",
                                "/targets/corp-ldap/requestable/vpn/maxDuration",
                                "/targets/corp-ldap/requestable/vpn/decisionTimeout",
                                "/targets/corp-ldap/requestable/vpn/fallbackApprover"));
        assertThatThrownBy(() -> PolicyValidator.validate(yaml.replace("[manager, \"owner:W2\"]", "[boss]"), "yaml"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::pointer).contains("/targets/corp-ldap/requestable/vpn/approvers/0"));
        String valid = """
                targets:
                  corp-ldap:
                    managedGroups: [vpn]
                    requestable:
                      vpn: { approvers: [manager, "owner:group:net-owners"], maxDuration: PT8H, fallbackApprover: W1,
                             keepOnMove: true }
                """;
        var vpn = PolicyValidator.validate(valid, "yaml").document().targets().get("corp-ldap").requestable().get("vpn");
        assertThat(vpn.longest()).hasHours(8);
        assertThat(vpn.timeout()).hasDays(3);
        assertThat(vpn.keepOnMove()).isTrue();
    }

    @Test
    void anAccountNameThatReadsOnlyOptionalFieldsCannotAlwaysRender() {
        String yaml = """
                targets:
                  corp-ldap:
                    accountName: { template: "{preferredName}" }
                """;

        assertThatThrownBy(() -> PolicyValidator.validate(yaml, "yaml"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.pointer()).isEqualTo("/targets/corp-ldap/accountName/template");
                            assertThat(error.line()).isEqualTo(3);
                            assertThat(error.message()).contains("cannot render");
                        }));
    }

    @Test
    void aPolicyThatWritesCredentialsOrControlAttributesIsRefusedWithTheirPlaces() {
        String yaml = """
                targets:
                  corp-ldap:
                    attributes:
                      cn: "{givenName} {familyName}"
                      userPassword: "{workerId}"
                      userAccountControl: "512"
                  apps-scim:
                    attributes:
                      active: "true"
                      name.givenName: "{givenName}"
                """;
        ProtectedAttributes types = new ProtectedAttributes(java.util.Map.of(
                "corp-ldap", ProtectedAttributes.TargetType.LDAP, "apps-scim", ProtectedAttributes.TargetType.SCIM),
                java.util.Map.of());

        assertThatThrownBy(() -> PolicyValidator.validate(yaml, "yaml", types))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::pointer).containsExactly(
                                "/targets/corp-ldap/attributes/userPassword",
                                "/targets/corp-ldap/attributes/userAccountControl",
                                "/targets/apps-scim/attributes/active"));
        assertThatThrownBy(() -> PolicyValidator.validate(yaml, "yaml", types))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    Problem.FieldError first = e.problem().errors().get(0);
                    assertThat(first.line()).isEqualTo(5);
                    assertThat(first.message()).contains("credential");
                });
    }

    @Test
    void eachKindOfTargetRefusesItsOwnCredentialAndControlAttributes() {
        ProtectedAttributes rules = new ProtectedAttributes(java.util.Map.of(
                "ldap", ProtectedAttributes.TargetType.LDAP, "scim", ProtectedAttributes.TargetType.SCIM,
                "db", ProtectedAttributes.TargetType.JDBC), java.util.Map.of("db", java.util.Set.of("login", "locked")));
        for (String attribute : new String[] {"userPassword", "unicodePwd", "userAccountControl", "pwdAccountLockedTime",
                "pwdPolicySubentry", "memberOf", "objectClass", "uid", "userPassword;binary"}) {
            assertThat(rules.refusal("ldap", attribute)).as(attribute).isPresent();
        }
        for (String attribute : new String[] {"id", "userName", "active", "password", "groups",
                "urn:ietf:params:scim:schemas:core:2.0:User:password"}) {
            assertThat(rules.refusal("scim", attribute)).as(attribute).isPresent();
        }
        assertThat(rules.refusal("db", "login")).isPresent();
        assertThat(rules.refusal("db", "LOCKED")).isPresent();
        assertThat(rules.refusal("ldap", "mail")).isEmpty();
        assertThat(rules.refusal("scim", "name.givenName")).isEmpty();
        assertThat(rules.refusal("db", "display_name")).isEmpty();
        // a target of unknown kind gets every kind's refusals
        assertThat(rules.refusal("unknown", "active")).isPresent();
        assertThat(rules.refusal("unknown", "userPassword")).isPresent();
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = PolicyValidatorTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
