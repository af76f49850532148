package gov.petitions.notification.client;

import gov.petitions.platform.client.Calls;
import gov.petitions.platform.client.CallFailure;
import gov.petitions.notification.config.NotificationConfig;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The call to the SMS provider's gateway, guarded: bounded by {@code notification.sms.timeout} under a 30 s
 * {@code @Timeout} ceiling, and a circuit breaker ("sms-gateway") that stops sending when three quarters of the last
 * twenty sends failed and tries again after 10 s, so that a gateway that is down is not hammered by every waiting
 * message. Never retried here: a send is not idempotent, and the dispatcher already retries a failed message with
 * growing pauses (notification.retry-backoff).
 */
@ApplicationScoped
public class SmsGateway {

    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9-]{1,64}$");

    private final Optional<SmsGatewayApi> api;
    private final Duration timeout;

    public SmsGateway(NotificationConfig config) {
        NotificationConfig.Sms sms = config.sms();
        this.timeout = Calls.checkedTimeout(sms.timeout(), "notification.sms.timeout");
        String header = sms.signatureHeader();
        if (!HEADER_NAME.matcher(header).matches()) {
            throw new IllegalStateException("notification.sms.signature-header must be an HTTP header name");
        }
        // the signature goes under the provider's own header name
        ClientRequestFilter signatureHeader = request -> {
            Object signature = request.getHeaders().getFirst(SmsGatewayApi.SIGNATURE);
            if (signature != null && !SmsGatewayApi.SIGNATURE.equalsIgnoreCase(header)) {
                request.getHeaders().remove(SmsGatewayApi.SIGNATURE);
                request.getHeaders().putSingle(header, signature);
            }
        };
        this.api = sms.url().map(url -> Calls.build(SmsGatewayApi.class, url, timeout, signatureHeader));
    }

    public boolean configured() {
        return api.isPresent();
    }

    /**
     * Sends the signed body as it is.
     *
     * @param signature the HMAC of "timestamp.body", or null without a shared secret
     * @throws CallFailure if the gateway was not reached, did not answer in time or did not take the message (non-2xx)
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreakerName("sms-gateway")
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    public void send(String account, String timestamp, String signature, byte[] body) {
        SmsGatewayApi gateway = api.orElseThrow(() -> new CallFailure("no SMS gateway URL configured"));
        Response response = Calls.answered("SMS gateway", timeout, () -> gateway.send(account, timestamp, signature, body));
        try (response) {
            if (response.getStatus() / 100 != 2) {
                throw new CallFailure("SMS gateway answered HTTP " + response.getStatus());
            }
        }
    }
}
