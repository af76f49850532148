package gov.petitions.testing;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;


/**
 * The authorization matrix of a service: every endpoint, read from its JAX-RS resources, with the roles that may
 * call it. A service keeps its matrix as {@code src/test/resources/authorization-matrix.csv}
 * ({@code METHOD,path,roles} with roles separated by spaces, {@code public} for anyone and {@code none} for nobody)
 * and its test checks three things: every endpoint of the code has a row and every row an endpoint (a new endpoint
 * without a row fails the build); no row allows a role its annotations do not; and, live against the running
 * service, each role the row names gets past authorization while every other role is refused with 403 (401 without a
 * token). Whether a role sees a given case (scope and recusal) is each service's scope test's business.
 */
public final class AuthorizationMatrix {

    public static final List<String> ROLES = List.of("clerk", "handler", "supervisor", "leader", "auditor", "admin", "service");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([A-Za-z0-9_]+)\\s*(:[^}]*)?}");

    public record Endpoint(String method, String path, Set<String> roles) {
        String key() {
            return method + " " + path;
        }

        boolean isPublic() {
            return roles.contains("public");
        }
    }

    private AuthorizationMatrix() {
    }

    /**
     * The endpoints the resources under {@code packageName} (compiled to {@code target/classes}) declare, with the
     * roles their annotations allow; an endpoint without any annotation is {@code none}, as every service denies
     * unannotated endpoints ({@code quarkus.security.jaxrs.deny-unannotated-endpoints}).
     */
    public static List<Endpoint> fromCode(String packageName) {
        java.nio.file.Path root = Paths.get("target", "classes");
        List<Endpoint> endpoints = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root.resolve(packageName.replace('.', '/')))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                Path classPath = type.getAnnotation(Path.class);
                if (classPath == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verbOf(method);
                    if (verb == null) {
                        continue;
                    }
                    Path methodPath = method.getAnnotation(Path.class);
                    String path = normalise(classPath.value() + (methodPath == null ? "" : "/" + methodPath.value()));
                    endpoints.add(new Endpoint(verb, path, rolesOf(type, method)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        endpoints.sort((a, b) -> a.key().compareTo(b.key()));
        return endpoints;
    }

    /** The matrix as kept in the test resources. */
    public static List<Endpoint> read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no " + resource + " in the test resources; start it from:\n" + csv(List.of()));
            }
            List<Endpoint> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(",", 3);
                rows.add(new Endpoint(cells[0].strip(), cells[1].strip(),
                        new TreeSet<>(Arrays.asList(cells[2].strip().split("\\s+")))));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String csv(List<Endpoint> endpoints) {
        return "# METHOD,path,roles (public: anyone; none: nobody)\n" + endpoints.stream()
                .map(e -> e.method() + "," + e.path() + "," + String.join(" ", new TreeSet<>(e.roles())))
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** Every endpoint has one row, every row an endpoint, and no row allows more than the annotations. */
    public static void assertCoversTheCode(List<Endpoint> code, List<Endpoint> matrix) {
        Map<String, Endpoint> byKey = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (Endpoint row : matrix) {
            if (byKey.put(row.key(), row) != null) {
                problems.add("two rows for " + row.key());
            }
        }
        Set<String> inCode = new TreeSet<>();
        for (Endpoint endpoint : code) {
            inCode.add(endpoint.key());
            Endpoint row = byKey.get(endpoint.key());
            if (row == null) {
                problems.add("no row for " + endpoint.key() + " (annotations allow: " + String.join(" ", endpoint.roles()) + ")");
                continue;
            }
            if (!endpoint.isPublic() && !row.roles().contains("none") && !endpoint.roles().containsAll(row.roles())) {
                problems.add(endpoint.key() + ": the row allows " + row.roles() + ", the annotations only " + endpoint.roles());
            }
            if (row.isPublic() != endpoint.isPublic()) {
                problems.add(endpoint.key() + ": public in one of code and matrix but not the other");
            }
        }
        for (String key : byKey.keySet()) {
            if (!inCode.contains(key)) {
                problems.add("a row for " + key + ", which the code does not have");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The authorization matrix and the code differ:\n  " + String.join("\n  ", problems)
                    + "\nWhat the annotations say:\n" + csv(code));
        }
    }

    /**
     * Calls every endpoint as every role (tokens with full claims) and without a token: the roles of its row get past
     * authorization (not 401, not 403), everyone else gets 403 (401 without a token), and nobody a 5xx.
     *
     * @param tokens  a token per role in {@link #ROLES}
     * @param samples values for path parameters by name (a UUID for any other), so that each route matches
     */
    public static void assertEnforced(List<Endpoint> matrix, Map<String, String> tokens, Map<String, String> samples) {
        assertEnforced(matrix, tokens, samples, io.restassured.RestAssured::given);
    }

    /** As above, against the service that {@code base} points at (e.g. a packaged replica on its own port). */
    public static void assertEnforced(List<Endpoint> matrix, Map<String, String> tokens, Map<String, String> samples,
                                      java.util.function.Supplier<RequestSpecification> base) {
        List<String> problems = new ArrayList<>();
        for (Endpoint row : matrix) {
            String path = fill(row.path(), samples);
            Map<String, String> callers = new LinkedHashMap<>(tokens);
            callers.put("anonymous", null);
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                RequestSpecification request = base.get().urlEncodingEnabled(false).accept("application/json");
                if (caller.getValue() != null) {
                    request.auth().oauth2(caller.getValue());
                }
                if (row.method().equals("POST") || row.method().equals("PUT") || row.method().equals("PATCH")) {
                    request.contentType("application/json").body("{}");
                }
                Response response = request.request(row.method(), path);
                int status = response.statusCode();
                boolean allowed = row.isPublic() || row.roles().contains(caller.getKey());
                String who = row.key() + " as " + caller.getKey() + " → " + status;
                if (status >= 500) {
                    problems.add(who + " (a server error)");
                } else if (allowed && (status == 401 || (status == 403 && roleRefusal(response)))) {
                    problems.add(who + " (the matrix allows it)");
                } else if (!allowed && caller.getValue() == null && status != 401) {
                    problems.add(who + " (expected 401" + (status == 404 ? "; does the sample path match the route?" : "") + ")");
                } else if (!allowed && caller.getValue() != null && status != 403) {
                    problems.add(who + " (expected 403)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Authorization is not what the matrix says:\n  " + String.join("\n  ", problems));
        }
    }

    /** A 403 for the caller's role, as opposed to one about the caller's scope (no jurisdiction, outside it). */
    private static boolean roleRefusal(Response response) {
        String body = response.asString();
        return body == null || body.isBlank() || body.contains("/forbidden\"");
    }

    /**
     * A token per role, each with the claims its role is scoped by: the province under test (its code,
     * {@link TestTokens#province()}); for a handler the province's own petition bureau (XFJ).
     */
    public static Map<String, String> provincialTokens() {
        String province = TestTokens.province();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String role : ROLES) {
            tokens.put(role, TestTokens.token(role + "-matrix", Set.of(role), role.equals("handler") ? province + "-XFJ" : null,
                    role.equals("handler") || role.equals("service") || role.equals("auditor") || role.equals("admin") ? null : province));
        }
        return tokens;
    }

    static String fill(String path, Map<String, String> samples) {
        Matcher m = TEMPLATE.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(samples.getOrDefault(m.group(1), "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b")));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String normalise(String path) {
        Matcher m = TEMPLATE.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("{" + m.group(1) + "}"));
        }
        m.appendTail(out);
        String p = ("/" + out).replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static String verbOf(Method method) {
        for (Class<? extends Annotation> verb : List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class)) {
            if (method.isAnnotationPresent(verb)) {
                return verb.getSimpleName();
            }
        }
        return null;
    }

    private static Set<String> rolesOf(Class<?> type, Method method) {
        if (method.isAnnotationPresent(PermitAll.class)) {
            return Set.of("public");
        }
        if (method.isAnnotationPresent(DenyAll.class)) {
            return Set.of("none");
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null && !method.isAnnotationPresent(PermitAll.class)) {
            if (type.isAnnotationPresent(PermitAll.class)) {
                return Set.of("public");
            }
            if (type.isAnnotationPresent(DenyAll.class)) {
                return Set.of("none");
            }
            roles = type.getAnnotation(RolesAllowed.class);
        }
        return roles == null ? Set.of("none") : new TreeSet<>(Arrays.asList(roles.value()));
    }
}
