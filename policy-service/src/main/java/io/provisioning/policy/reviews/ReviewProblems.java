package io.provisioning.policy.reviews;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;

/** The refusals of the access review API, as problem documents. */
public final class ReviewProblems {

    public static final String NO_REVIEW = "No access review with that id is visible to you.";

    private ReviewProblems() {
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of("access-review-forbidden", "Not allowed on this review", 403, detail));
    }

    static ProblemException conflict(String type, String detail) {
        return new ProblemException(Problem.of(type, "Access review conflict", 409, detail));
    }
}
