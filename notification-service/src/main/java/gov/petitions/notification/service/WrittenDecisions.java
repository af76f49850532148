package gov.petitions.notification.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.domain.CaseStatus;
import gov.petitions.notification.service.DeliveryChannel.ChannelFailure;
import gov.petitions.notification.service.DeliveryChannel.PermanentFailure;
import gov.petitions.platform.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * The text of a written decision (书面答复, 复查意见, 复核意见, 不予受理), asked of supervision-service when its letter is
 * sent: events carry no such text (it may name people), so the letter is rendered with it here, with this service's
 * own identity (ServiceTokens), exactly as {@link ContactLookup} asks intake. The text is never logged.
 *
 * <p>Supervision unreachable, slow or failing is a {@link ChannelFailure}: the letter waits and is retried, never
 * printed without its text. No decision of that stage (404) is a {@link PermanentFailure}: the letter is dead at once,
 * with that reason, instead of being printed with a wrong text.
 */
@ApplicationScoped
public class WrittenDecisions {

    /** The stages whose decision a letter prints, as supervision names them. */
    public static final Set<CaseStatus> STATUSES = Set.of(CaseStatus.REPLIED, CaseStatus.REVIEW_REPLIED,
            CaseStatus.RE_REVIEW_REPLIED, CaseStatus.FINAL, CaseStatus.NOT_ACCEPTED);

    public record Decision(String petitionId, String trackingNumber, String status, String text, String unitCode,
                           OffsetDateTime decidedAt) {
    }

    private final NotificationConfig.Supervision config;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final ServiceTokens serviceTokens;

    public WrittenDecisions(NotificationConfig config, ObjectMapper mapper, ServiceTokens serviceTokens) {
        this.serviceTokens = serviceTokens;
        this.config = config.supervision();
        this.mapper = mapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    /**
     * @param status one of {@link #STATUSES}
     * @return the decision, with a text that is not blank
     */
    public Decision of(String petitionId, CaseStatus status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("no written decision at status " + status);
        }
        URI base = config.url().orElseThrow(() -> new ChannelFailure(
                "no supervision URL configured (notification.supervision.url): the decision's text is unknown"));
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        URI uri = URI.create(root + "cases/" + URLEncoder.encode(String.valueOf(petitionId), StandardCharsets.UTF_8)
                + "/written-decision?status=" + status);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Accept", "application/json").GET();
        try {
            request.header("Authorization", "Bearer " + serviceTokens.bearer());
        } catch (ServiceTokens.ServiceIdentityException e) {
            throw new ChannelFailure("written decision: " + e.getMessage());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ChannelFailure("written decision: supervision did not answer within " + config.timeout());
        } catch (IOException e) {
            throw new ChannelFailure("written decision: supervision unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelFailure("written decision look-up interrupted");
        }
        if (response.statusCode() == 404) {
            throw new PermanentFailure("written decision: supervision has no " + status
                    + " decision for this petition (HTTP 404); the letter is not printed without it");
        }
        if (response.statusCode() != 200) {
            // the body is not quoted: a problem detail could echo what was asked
            throw new ChannelFailure("written decision: supervision answered HTTP " + response.statusCode());
        }
        Decision decision;
        try {
            decision = mapper.readValue(response.body(), Decision.class);
        } catch (IOException e) {
            throw new ChannelFailure("written decision: supervision's answer is not a decision");
        }
        if (!String.valueOf(petitionId).equals(decision.petitionId()) || !status.name().equals(decision.status())) {
            throw new PermanentFailure("written decision: supervision answered for another petition or stage ("
                    + decision.status() + "); the letter is not printed with it");
        }
        if (decision.text() == null || decision.text().isBlank()) {
            throw new PermanentFailure("written decision: supervision's " + status + " decision has no text");
        }
        return decision;
    }
}
