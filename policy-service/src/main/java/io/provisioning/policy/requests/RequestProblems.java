package io.provisioning.policy.requests;

import io.provisioning.common.problem.Problem;
import io.provisioning.common.problem.ProblemException;

/** The refusals of the access request API, as problem documents. */
public final class RequestProblems {

    public static final String NO_REQUEST = "No access request with that id is visible to you.";

    private RequestProblems() {
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of("access-request-forbidden", "Not allowed on this request", 403, detail));
    }

    static ProblemException conflict(String type, String detail) {
        return new ProblemException(Problem.of(type, "Access request conflict", 409, detail));
    }

    static ProblemException notOpen(AccessRequestEntity request) {
        return conflict("request-closed", "The request is " + request.state + ": nothing more can be decided on it.");
    }
}
