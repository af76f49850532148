package gov.petitions.platform.security;

/** The roles of the system, as they appear in the {@code groups} claim of a bearer token. */
public final class Roles {
    /** Registers petitions at a desk, from letters and the hotline (登记员). */
    public static final String CLERK = "clerk";
    /** Works cases of one unit; the token carries a {@code unit} claim (承办人). */
    public static final String HANDLER = "handler";
    /** Oversees a jurisdiction subtree; the token carries a {@code jurisdiction} claim (督办). */
    public static final String SUPERVISOR = "supervisor";
    public static final String LEADER = "leader";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";
    /** Another service of the platform calling an internal endpoint. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
