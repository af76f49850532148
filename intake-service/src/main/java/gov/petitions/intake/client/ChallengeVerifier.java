package gov.petitions.intake.client;

import gov.petitions.platform.client.Calls;
import gov.petitions.intake.config.IntakeConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a human-verification token (Cloudflare Turnstile, hCaptcha, reCAPTCHA or a government service: they share
 * the "siteverify" protocol) with the provider: a form POST of {@code secret}, {@code response} and {@code remoteip},
 * answered by JSON whose {@code success} must be {@code true}. Anything else fails closed: a refusal is
 * {@link Outcome#FAILED}, a verifier that cannot say (unreachable, slow, an error, an answer that is not such JSON,
 * or one refusing our own secret) is {@link Outcome#UNAVAILABLE}. The call itself, its time-outs and circuit breaker,
 * is {@link ChallengeCalls}'s. Created at start so a bad setting stops the service.
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

    private final Optional<URI> verifyUrl;
    private final String secret;
    private final boolean followUps;
    private final ChallengeCalls calls;
    private final MeterRegistry meters;

    public ChallengeVerifier(IntakeConfig config, ChallengeCalls calls, MeterRegistry meters) {
        IntakeConfig.Challenge challenge = config.challenge();
        this.verifyUrl = challenge.verifyUrl().map(String::strip).filter(u -> !u.isEmpty()).map(ChallengeVerifier::checkedUrl);
        this.secret = challenge.secret().map(String::strip).orElse("");
        if (verifyUrl.isPresent() && secret.isEmpty()) {
            throw new IllegalStateException("intake.challenge.secret (INTAKE_CHALLENGE_SECRET) is required with intake.challenge.verify-url");
        }
        Calls.checkedTimeout(challenge.timeout(), "intake.challenge.timeout");
        this.followUps = challenge.followUps();
        this.calls = calls;
        this.meters = meters;
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
        return calls.verify(form.toString()).map(this::counted);
    }

    private Outcome counted(Outcome outcome) {
        meters.counter("petitions.challenge.verifications", "outcome", outcome.name().toLowerCase(Locale.ROOT)).increment();
        return outcome;
    }
}
