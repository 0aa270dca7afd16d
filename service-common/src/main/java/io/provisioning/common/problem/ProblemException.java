package io.provisioning.common.problem;

/** Thrown by resources to answer with a problem document; nothing has been changed when it is thrown. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400 with the field errors. */
    public static ProblemException invalid(String detail, java.util.List<Problem.FieldError> errors) {
        return new ProblemException(Problem.of("validation", "Invalid request", 400, detail).withErrors(errors));
    }

    /** 404 for something the caller named. */
    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of("not-found", "Not found", 404, detail));
    }
}
