package gov.petitions.platform.problem;

/**
 * Thrown by domain code when a request is refused for a reason the caller can act on
 * (an unknown division code, a case in the wrong state, ...). Mapped to problem+json as it is.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    public static ProblemException badRequest(String slug, String title, String detail) {
        return new ProblemException(Problem.of(slug, title, 400, detail));
    }

    public static ProblemException notFound(String what, String detail) {
        return new ProblemException(Problem.of("not-found", what + " not found", 404, detail));
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(Problem.of(slug, title, 409, detail));
    }

    public Problem problem() {
        return problem;
    }
}
