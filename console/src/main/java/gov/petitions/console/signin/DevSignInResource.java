package gov.petitions.console.signin;

import gov.petitions.console.config.ConsoleConfig;
import gov.petitions.console.config.ProvinceConfig;
import gov.petitions.console.rest.Problems;
import gov.petitions.platform.tokens.TokenMinter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Development only: pick a role and get a bearer token signed with the local instance's key, exactly as
 * {@code ./petitions token ROLE --unit --jurisdiction} makes one. Without a configured key this resource answers 404
 * to everything, so a production console (which signs in through the identity provider) has no such door. With a
 * key it still answers only a client on this machine (loopback): anyone who can reach port 8090 from elsewhere
 * would otherwise get a supervisor's or an auditor's token without signing in. The console does not take the
 * client's address from forwarding headers, so a header cannot pretend to be loopback.
 */
@Path("/dev/sign-in")
@Produces(MediaType.APPLICATION_JSON)
public class DevSignInResource {

    public record SignIn(
            @NotBlank @Pattern(regexp = "^(clerk|handler|supervisor|leader|auditor)$",
                    message = "must be clerk, handler, supervisor, leader or auditor") String role,
            @Pattern(regexp = "^[0-9]{2,9}-[A-Z]{2,8}$",
                    message = "must be a unit code: a division code, '-' and a department, e.g. XFJ (信访局)") String unit,
            @Pattern(regexp = "^[0-9]{2,9}$", message = "must be a division code: 2 to 9 digits") String jurisdiction,
            @Size(max = 40) @Pattern(regexp = "^[A-Za-z0-9._-]*$", message = "letters, digits, '.', '_' and '-' only") String name) {
    }

    public record Token(String token, String role, String unit, String jurisdiction, String subject, Instant expiresAt) {
    }

    private final ConsoleConfig config;
    private final ProvinceConfig province;

    public DevSignInResource(ConsoleConfig config, ProvinceConfig province) {
        this.config = config;
        this.province = province;
    }

    @GET
    public Response status(@Context HttpServerRequest client) {
        if (config.devSignIn().privateKeyLocation().isEmpty() || !fromThisMachine(client)) {
            return disabled();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", true);
        body.put("issuer", config.devSignIn().issuer());
        body.put("roles", List.of("clerk", "handler", "supervisor", "leader", "auditor"));
        return Response.ok(body).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(@Context HttpServerRequest client, @Valid @NotNull SignIn request) {
        if (config.devSignIn().privateKeyLocation().isEmpty() || !fromThisMachine(client)) {
            return disabled();
        }
        // examples from the deployment's province: its own petition bureau (信访局) and the whole province
        if ("handler".equals(request.role()) && request.unit() == null) {
            return Problems.of(400, "unit-required", "Unit required",
                    "A handler works for a unit: give its code, e.g. " + province.code() + "-XFJ");
        }
        if ("supervisor".equals(request.role()) && request.jurisdiction() == null) {
            return Problems.of(400, "jurisdiction-required", "Jurisdiction required",
                    "A supervisor oversees a jurisdiction: give its division code, e.g. " + province.code());
        }
        for (String code : new String[] {request.unit(), request.jurisdiction()}) {
            if (code != null && !province.contains(code)) {
                // a token of another province's code is well-formed but would see nothing here: say why at once
                return Problems.of(400, "outside-province", "Not in this province", code + " is not in "
                        + province.name() + " (" + province.code() + "): this deployment serves that province only");
            }
        }
        String unit = "handler".equals(request.role()) ? request.unit() : null;
        // supervision lists a subtree's cases to supervisors only (GET /cases/queue); a leader signed in here is
        // also the province's supervisor so that the ledger page has something to list (see console/README.md)
        String jurisdiction = switch (request.role()) {
            case "supervisor" -> request.jurisdiction();
            // clerks and leaders are scoped by jurisdiction too; without one given, the province's bureau
            case "leader", "clerk" -> request.jurisdiction() == null ? province.code() : request.jurisdiction();
            default -> null;
        };
        Set<String> groups = "leader".equals(request.role()) ? Set.of("leader", "supervisor") : Set.of(request.role());
        String subject = request.name() == null || request.name().isBlank()
                ? request.role() + (unit != null ? "-" + unit : jurisdiction != null ? "-" + jurisdiction : "") + "-console"
                : request.name();
        Instant now = Instant.now();
        Duration lifetime = config.devSignIn().tokenLifetime().compareTo(LONGEST) > 0 ? LONGEST : config.devSignIn().tokenLifetime();
        TokenMinter minter;
        try {
            minter = new TokenMinter(TokenMinter.readPrivateKey(config.devSignIn().privateKeyLocation().get()),
                    config.devSignIn().issuer(), AUDIENCE);
        } catch (IOException | IllegalArgumentException e) {
            return Problems.of(503, "no-signing-key", "Dev sign-in unavailable",
                    "The signing key at " + config.devSignIn().privateKeyLocation().get() + " cannot be read: " + e.getMessage());
        }
        // the platform's one minter (platform-tokens), as ./petitions token and the tests' TestTokens
        String token = minter.mint(new TokenMinter.Holder(subject, groups, unit, jurisdiction), now, lifetime);
        Instant expiresAt = Instant.ofEpochSecond(now.getEpochSecond()).plus(lifetime);
        return Response.ok(new Token(token, request.role(), unit, jurisdiction, subject, expiresAt)).build();
    }

    /** The platform's audience and longest staff token (platform-support's TokenPolicy refuses anything else). */
    static final String AUDIENCE = TokenMinter.AUDIENCE;
    static final Duration LONGEST = TokenMinter.LONGEST_PERSON;

    static boolean fromThisMachine(HttpServerRequest client) {
        if (client == null || client.remoteAddress() == null || client.remoteAddress().hostAddress() == null) {
            return false;
        }
        try {
            // a literal address from the connection, never a name: no lookup happens here
            return InetAddress.getByName(client.remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Response disabled() {
        return Problems.of(404, "not-found", "Not found", "There is no dev sign-in here; sign in through the identity provider");
    }
}
