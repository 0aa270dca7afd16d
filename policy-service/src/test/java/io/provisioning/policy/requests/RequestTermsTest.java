package io.provisioning.policy.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.policy.authoring.PolicyValidator;
import io.provisioning.policy.model.PolicyDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestTermsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final Caller UGO = new Caller("W21", "ugo", Set.of(), false, false);
    private static final PolicyDocument POLICY = PolicyValidator.validate("""
            targets:
              corp-ldap:
                managedGroups: [all-staff, vpn]
                requestable:
                  vpn: { approvers: [manager], maxDuration: P30D, fallbackApprover: W9 }
            """, "yaml").document();

    @Test
    void aDurationRunsFromTheStartWhichIsNowByDefaultAndTheBeneficiaryIsTheCaller() {
        RequestTerms terms = RequestTerms.of(new NewAccessRequest(null, "corp-ldap", "vpn", " travel ", null, null, "PT8H"),
                UGO, POLICY, NOW);

        assertThat(terms.beneficiaryId()).isEqualTo("W21");
        assertThat(terms.startsAt()).isEqualTo(NOW);
        assertThat(terms.endsAt()).isEqualTo(NOW.plus(Duration.ofHours(8)));
        assertThat(terms.justification()).isEqualTo("travel");
    }

    @Test
    void everyWrongFieldIsNamedAtOnce() {
        assertThatThrownBy(() -> RequestTerms.of(new NewAccessRequest(null, "corp-ldap", "all-staff", " ",
                "2026-12-01T00:00:00Z", "2027-12-01T00:00:00Z", "P1D"), UGO, POLICY, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors()).extracting(Problem.FieldError::pointer)
                            .containsExactly("/group", "/justification", "/start", "/duration");
                    assertThat(e.problem().errors().get(0).message()).contains("requestable: vpn");
                });
    }

    @Test
    void aGrantLongerThanTheGroupAllowsOrEndingBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> RequestTerms.of(new NewAccessRequest(null, "corp-ldap", "vpn", "x", null, null, "P31D"),
                UGO, POLICY, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .singleElement().satisfies(error -> {
                            assertThat(error.pointer()).isEqualTo("/duration");
                            assertThat(error.message()).contains("P30D");
                        }));
        assertThatThrownBy(() -> RequestTerms.of(new NewAccessRequest(null, "corp-ldap", "vpn", "x",
                "2026-12-08T00:00:00Z", "2026-12-07T23:00:00Z", null), UGO, POLICY, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::message).containsExactly("must be after the start"));
        assertThatThrownBy(() -> RequestTerms.of(new NewAccessRequest(null, "hr-db", null, "x", null, "soon", null),
                UGO, POLICY, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::pointer).containsExactly("/targetId", "/group", "/end"));
    }
}
