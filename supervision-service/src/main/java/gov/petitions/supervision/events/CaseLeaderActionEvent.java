package gov.petitions.supervision.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import gov.petitions.platform.outbox.DomainEvent;
import gov.petitions.platform.outbox.EventContract;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * supervision's view of contracts/events/case.leader-action.v1.schema.json: a leader's instruction, minutes and
 * dedicated team, or a follow-up reported done, by ids and codes only. {@code leader}: the leader's account, as
 * case.follow-up-due names them; {@code actorRole}: who acted, by role. The texts stay in supervision.
 */
@EventContract("case.leader-action")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseLeaderActionEvent(UUID petitionId, String trackingNumber, String action, String leader,
                                    String actorRole, String unitCode, String level, Long instructionId,
                                    List<FollowUpRef> followUps, Long followUpId, OffsetDateTime dueAt,
                                    OffsetDateTime actedAt) implements DomainEvent.OfPetition {

    public static final String INSTRUCTED = "INSTRUCTED";
    public static final String MINUTES_RECORDED = "MINUTES_RECORDED";
    public static final String FOLLOW_UP_REPORTED = "FOLLOW_UP_REPORTED";

    public record FollowUpRef(long followUpId, OffsetDateTime dueAt) {
    }
}
