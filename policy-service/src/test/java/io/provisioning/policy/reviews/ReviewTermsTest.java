package io.provisioning.policy.reviews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;
import io.provisioning.policy.authoring.PolicyValidator;
import io.provisioning.policy.model.PolicyDocument;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReviewTermsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final PolicyDocument POLICY = PolicyValidator.validate("""
            targets:
              corp-ldap:
                managedGroups: [all-staff, vpn]
              legacy-db:
                managedGroups: [ledger-users]
            """, "yaml").document();

    @Test
    void theReviewerIsTheManagerAndNoAnswerKeepsByDefault() {
        ReviewTerms terms = ReviewTerms.of(new NewReview(" Q4 ", new NewReview.Scope(List.of("legacy-db"), null,
                Map.of("department", List.of("Finance"))), null, "owner:W9", "2027-01-31T17:00:00Z", null), POLICY, NOW);

        assertThat(terms.name()).isEqualTo("Q4");
        assertThat(terms.reviewer()).isEqualTo("manager");
        assertThat(terms.fallbackReviewer()).as("owner: in front is accepted").isEqualTo("W9");
        assertThat(terms.noAnswer()).isEqualTo(ReviewTerms.NoAnswer.KEEP);
        assertThat(terms.covers("legacy-db", "ledger-users")).isTrue();
        assertThat(terms.covers("corp-ldap", "vpn")).as("a target out of scope").isFalse();
    }

    @Test
    void onlyTheNamedGroupsAreCovered() {
        ReviewTerms terms = ReviewTerms.of(new NewReview("vpn", new NewReview.Scope(List.of("corp-ldap"), List.of("vpn"),
                null), "owner:group:auditors", null, "2027-01-31T17:00:00Z", "revoke"), POLICY, NOW);

        assertThat(terms.covers("corp-ldap", "vpn")).isTrue();
        assertThat(terms.covers("corp-ldap", "all-staff")).isFalse();
        assertThat(terms.noAnswer()).isEqualTo(ReviewTerms.NoAnswer.REVOKE);
    }

    @Test
    void everyWrongFieldIsNamedAtOnce() {
        NewReview wrong = new NewReview("", new NewReview.Scope(List.of("nowhere"), List.of("vpn"),
                Map.of("salary", List.of("high"), "department", List.of())), "owner:", "not a worker!",
                "2026-12-01T00:00:00Z", "forget");

        assertThatThrownBy(() -> ReviewTerms.of(wrong, POLICY, NOW)).isInstanceOfSatisfying(ProblemException.class, e ->
                assertThat(e.problem().errors()).extracting(Problem.FieldError::pointer).containsExactlyInAnyOrder(
                        "/name", "/scope/targets/0", "/scope/groups/0", "/scope/workers/salary",
                        "/scope/workers/department", "/reviewer", "/fallbackReviewer", "/deadline", "/noAnswer"));
    }

    @Test
    void aScopeAndADeadlineAreRequired() {
        assertThatThrownBy(() -> ReviewTerms.of(new NewReview("x", null, null, null, "tomorrow", null), POLICY, NOW))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().errors())
                        .extracting(Problem.FieldError::pointer).containsExactlyInAnyOrder("/scope", "/deadline"));
    }
}
