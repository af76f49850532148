package gov.petitions.intake.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.config.IntakeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a human-verification token (Cloudflare Turnstile, hCaptcha, reCAPTCHA or a government service: they share
 * the "siteverify" protocol) with the provider: a form POST of {@code secret}, {@code response} and {@code remoteip},
 * answered by JSON whose {@code success} must be {@code true}. Anything else fails closed: a refusal is
 * {@link Outcome#FAILED}, a verifier that cannot say (unreachable, slow, an error, an answer that is not such JSON,
 * or one refusing our own secret) is {@link Outcome#UNAVAILABLE}. Created at start so a bad setting stops the service.
 */
@Startup
@ApplicationScoped
public class ChallengeVerifier {

    /** The request header carrying the widget's response token. */
    public static final String HEADER = "Petitions-Challenge";

    public enum Outcome { PASSED, FAILED, UNAVAILABLE }

    /** The providers' tokens are a few hundred to about 2,000 printable ASCII characters. */
    private static final Pattern TOKEN = Pattern.compile("^[\\x21-\\x7E]{1,4096}$");
    private static final Pattern IP = Pattern.compile("^[0-9A-Fa-f:.]{2,45}$");
    /** Error codes meaning the fault is ours (the secret) or the provider's, not the petitioner's. */
    private static final Set<String> NOT_THE_CALLERS = Set.of("missing-input-secret", "invalid-input-secret",
            "internal-error", "bad-request", "sitekey-secret-mismatch");

    private final Optional<URI> verifyUrl;
    private final String secret;
    private final Duration timeout;
    private final boolean followUps;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final MeterRegistry meters;

    public ChallengeVerifier(IntakeConfig config, ObjectMapper mapper, MeterRegistry meters) {
        IntakeConfig.Challenge challenge = config.challenge();
        this.verifyUrl = challenge.verifyUrl().map(String::strip).filter(u -> !u.isEmpty()).map(ChallengeVerifier::checkedUrl);
        this.secret = challenge.secret().map(String::strip).orElse("");
        if (verifyUrl.isPresent() && secret.isEmpty()) {
            throw new IllegalStateException("intake.challenge.secret (INTAKE_CHALLENGE_SECRET) is required with intake.challenge.verify-url");
        }
        this.timeout = challenge.timeout();
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalStateException("intake.challenge.timeout must be more than 0 and at most PT30S");
        }
        this.followUps = challenge.followUps();
        this.mapper = mapper;
        this.meters = meters;
        // the verifier is configuration, but a redirect would send the secret wherever it points
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        verifyUrl.ifPresent(u -> Log.infof("Online submissions require a human-verification token (%s), verified at %s://%s",
                HEADER, u.getScheme(), u.getAuthority()));
    }

    static URI checkedUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("intake.challenge.verify-url is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalStateException("intake.challenge.verify-url must be an http(s) URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalStateException("intake.challenge.verify-url must name a host, without user info or fragment");
        }
        return uri;
    }

    /** Whether submissions must carry a token at all. */
    public boolean enabled() {
        return verifyUrl.isPresent();
    }

    /** Whether evaluations and review requests must carry one too. */
    public boolean followUps() {
        return followUps;
    }

    /** A token worth asking the provider about: anything else fails without a call. */
    public static boolean wellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /**
     * Asks the provider; never fails, the outcome says what to answer. {@code remoteIp} is the citizen's address as
     * intake sees it (providers use it as a signal; it is left out when it is not an address).
     */
    public Uni<Outcome> verify(String token, String remoteIp) {
        if (verifyUrl.isEmpty()) {
            return Uni.createFrom().item(Outcome.PASSED);
        }
        if (!wellFormed(token)) {
            return Uni.createFrom().item(counted(Outcome.FAILED));
        }
        StringBuilder form = new StringBuilder()
                .append("secret=").append(URLEncoder.encode(secret, StandardCharsets.UTF_8))
                .append("&response=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        if (remoteIp != null && IP.matcher(remoteIp).matches()) {
            form.append("&remoteip=").append(URLEncoder.encode(remoteIp, StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(verifyUrl.get()).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                // the request's own timeout covers the headers; this covers a body that trickles in
                .ifNoItem().after(timeout).fail()
                .map(this::outcomeOf)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("The challenge verifier did not answer: %s", failure.toString());
                    return Outcome.UNAVAILABLE;
                })
                .map(this::counted);
    }

    private Outcome outcomeOf(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            Log.warnf("The challenge verifier answered HTTP %d", response.statusCode());
            return Outcome.UNAVAILABLE;
        }
        JsonNode body;
        try {
            body = mapper.readTree(response.body());
        } catch (IOException e) {
            Log.warn("The challenge verifier's answer is not JSON");
            return Outcome.UNAVAILABLE;
        }
        if (body == null || !body.isObject() || !body.path("success").isBoolean()) {
            Log.warn("The challenge verifier's answer has no boolean success");
            return Outcome.UNAVAILABLE;
        }
        if (body.path("success").booleanValue()) {
            return Outcome.PASSED;
        }
        for (JsonNode code : body.path("error-codes")) {
            if (NOT_THE_CALLERS.contains(code.asText())) {
                // the citizen cannot fix this: the operator must (a wrong secret) or the provider will (its error)
                Log.errorf("The challenge verifier refused the request itself (%s): check intake.challenge.secret",
                        code.asText().replaceAll("[^a-z-]", ""));
                return Outcome.UNAVAILABLE;
            }
        }
        return Outcome.FAILED;
    }

    private Outcome counted(Outcome outcome) {
        meters.counter("petitions.challenge.verifications", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        return outcome;
    }
}
