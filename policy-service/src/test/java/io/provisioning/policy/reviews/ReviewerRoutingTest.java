package io.provisioning.policy.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReviewerRoutingTest {

    private static final Map<String, ReviewerRouting.Person> PEOPLE = Map.of(
            "M1", new ReviewerRouting.Person(true, "M2"),
            "M2", new ReviewerRouting.Person(true, null),
            "GONE", new ReviewerRouting.Person(false, "M2"),
            "FALLBACK", new ReviewerRouting.Person(true, null));

    @Test
    void theManagerReviewsElseTheManagersManagerElseTheFallback() {
        ReviewerRouting routing = new ReviewerRouting("manager", "FALLBACK", PEOPLE);

        assertThat(routing.reviewerOf("W1", "M1")).isEqualTo(new ReviewerRouting.Reviewer("M1", null, "manager"));
        assertThat(routing.reviewerOf("W1", "GONE")).isEqualTo(new ReviewerRouting.Reviewer("M2", null, "manager's manager"));
        assertThat(routing.reviewerOf("W1", null)).isEqualTo(new ReviewerRouting.Reviewer("FALLBACK", null, "fallback reviewer"));
    }

    @Test
    void nobodyReviewsTheirOwnAccess() {
        ReviewerRouting owner = new ReviewerRouting("owner:FALLBACK", "FALLBACK", PEOPLE);

        assertThat(owner.reviewerOf("FALLBACK", "M1")).isSameAs(ReviewerRouting.Reviewer.NOBODY);
        assertThat(new ReviewerRouting("manager", "M1", PEOPLE).reviewerOf("M1", null))
                .isSameAs(ReviewerRouting.Reviewer.NOBODY);
    }

    @Test
    void anInactiveOwnerGivesWayToTheFallbackAndAGroupReviewsAsAGroup() {
        assertThat(new ReviewerRouting("owner:GONE", "FALLBACK", PEOPLE).reviewerOf("W1", "M1").workerId())
                .isEqualTo("FALLBACK");
        assertThat(new ReviewerRouting("owner:group:ledger-owners", null, PEOPLE).reviewerOf("W1", "M1"))
                .isEqualTo(new ReviewerRouting.Reviewer(null, "ledger-owners", "owner group"));
    }
}
