package gov.petitions.console.rest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the console forwards: an allow-list of the services' paths the pages call, matched against the path as the
 * service will see it — percent-decoded once, dot segments, empty segments, backslashes, control characters and
 * anything still encoded after one decoding refused outright. A deny-list of "/internal" was bypassed with
 * {@code %69nternal}; an allow-list of decoded, normalised paths cannot be.
 */
final class ForwardedPaths {

    private static final String ID = "[A-Za-z0-9-]{1,64}";
    // any province's division code: routing answers for its own province only (404 outside-province, naming it)
    private static final String DIVISION = "[0-9]{2,9}";

    private static final Map<String, List<Pattern>> ALLOWED = Map.of(
            "intake", patterns(
                    "/categories",
                    "/petitions",
                    "/petitions/search",
                    "/public/(petitions|status-lookups|evaluations|review-requests|reception-sessions)",
                    "/public/reception-sessions/feed",
                    "/public/reception-sessions/" + ID,
                    "/reception-sessions",
                    "/reception-sessions/" + ID,
                    "/reception-sessions/" + ID + "/(opening|closing|queue|tickets)",
                    "/reception-sessions/" + ID + "/desks/" + ID + "/next-ticket",
                    "/reception-sessions/" + ID + "/tickets/" + ID + "/(return|registration)"),
            "routing", patterns(
                    "/divisions/" + DIVISION,
                    "/divisions/" + DIVISION + "/(children|units)",
                    "/cases/" + ID + "/(assignments|return)",
                    "/cases/bulk/reassignment"),
            "supervision", patterns(
                    "/cases/queue",
                    "/cases/bulk/(urge|call-backs)",
                    "/statistics/(performance|volume|imports|call-backs|closed-not-resolved)",
                    "/call-backs",
                    "/ledger/" + ID,
                    "/cases/" + ID + "/(decision|escalation-request|extension|instructions|leadership|minutes|reply|urge|urgency)",
                    "/cases/" + ID + "/timeline/(verification|proof)",
                    "/cases/" + ID + "/call-backs",
                    "/cases/" + ID + "/(linked-cases|link-suggestions)",
                    "/cases/" + ID + "/linked-cases/" + ID,
                    "/timeline/digests",
                    "/timeline/digests/[0-9]{4}-[0-9]{2}-[0-9]{2}"),
            "notification", patterns(
                    "/messages"));

    /**
     * Paths forwarded for some methods only: retention and archiving (信访档案) removes personal data everywhere once a
     * run has archived a case, so the console forwards exactly the calls the retention page makes — starting a run
     * and reading runs — and nothing else under them, whatever a service might add later. The archives themselves
     * ({@code /archives/**}) pass through {@link ArchiveProxy} as streams, GET only.
     */
    private static final Map<String, List<MethodRule>> BY_METHOD = Map.of(
            "supervision", List.of(
                    new MethodRule(Pattern.compile("^/retention/runs$"), java.util.Set.of("GET", "POST")),
                    new MethodRule(Pattern.compile("^/retention/runs/" + ID + "$"), java.util.Set.of("GET"))));

    private record MethodRule(Pattern path, java.util.Set<String> methods) {
    }

    private ForwardedPaths() {
    }

    private static List<Pattern> patterns(String... regexes) {
        return java.util.Arrays.stream(regexes).map(r -> Pattern.compile("^" + r + "$")).toList();
    }

    /**
     * The path to forward, normalised and re-encoded, or empty when the console must not forward it: a path of
     * {@link #ALLOWED} for any method, or one of {@link #BY_METHOD} for its methods only.
     *
     * @param method  the request's method
     * @param rawPath the request path after {@code /api/<service>}, as the client encoded it
     */
    static Optional<String> forwardable(String method, String service, String rawPath) {
        List<Pattern> allowed = ALLOWED.get(service);
        List<MethodRule> byMethod = BY_METHOD.getOrDefault(service, List.of());
        if (allowed == null || method == null || rawPath == null || rawPath.isEmpty() || rawPath.length() > 512) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = decodeOnce(rawPath);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (decoded.indexOf('%') >= 0 || decoded.indexOf('\\') >= 0 || decoded.contains("//")
                || decoded.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c > 0x7e)) {
            return Optional.empty();
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        if (allowed.stream().noneMatch(p -> p.matcher(decoded).matches())
                && byMethod.stream().noneMatch(r -> r.methods().contains(method) && r.path().matcher(decoded).matches())) {
            return Optional.empty();
        }
        try {
            // what matched is what is sent: plain ASCII segments, re-encoded by URI for safety
            return Optional.of(new URI(null, null, decoded, null).getRawPath());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Percent-decoding of a path (no '+' as space, unlike a form), refusing malformed escapes. */
    static String decodeOnce(String raw) {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                throw new IllegalArgumentException("non-ASCII");
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
