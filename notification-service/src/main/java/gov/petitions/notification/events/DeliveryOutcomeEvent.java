package gov.petitions.notification.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import gov.petitions.notification.domain.Channel;
import gov.petitions.notification.domain.RecipientKind;

import java.time.OffsetDateTime;
import java.util.UUID;

/** notification's view of notification.delivered and notification.failed (one record, two topics). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryOutcomeEvent(UUID messageId, UUID petitionId, UUID sourceEventId, String template,
                                   Channel channel, RecipientKind recipientKind, int attempts, OffsetDateTime deliveredAt,
                                   OffsetDateTime failedAt, String error, @JsonProperty("final") Boolean isFinal) {

    public static final String DELIVERED_TOPIC = "notification.delivered";
    public static final String DELIVERED_TYPE = "gov.petition.notification.delivered.v1";
    public static final String FAILED_TOPIC = "notification.failed";
    public static final String FAILED_TYPE = "gov.petition.notification.failed.v1";
}
