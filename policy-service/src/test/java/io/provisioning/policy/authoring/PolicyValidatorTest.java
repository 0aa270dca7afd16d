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

    private static String read(String resource) throws IOException {
        try (InputStream in = PolicyValidatorTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
