package gov.petitions.intake.open311;

/**
 * A refusal in GeoReport v2's own error format ({@code [{"code":400,"description":"..."}]} or {@code <errors>}),
 * which Open311 clients parse; the rest of the platform answers RFC 9457 problem+json. The format follows the path's
 * extension, so the resource's mapper chooses it.
 */
public class Open311Error extends RuntimeException {

    private final int code;
    private final Long retryAfterSeconds;

    public Open311Error(int code, String description) {
        this(code, description, null);
    }

    public Open311Error(int code, String description, Long retryAfterSeconds) {
        super(description, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int code() {
        return code;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
