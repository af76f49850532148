package gov.petitions.notification.service;

import gov.petitions.notification.domain.DeadlineClock;
import gov.petitions.notification.domain.Urgency;
import gov.petitions.notification.events.CaseEvents;
import gov.petitions.notification.events.HotspotDetected;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a message says, typed, one record per kind of message: built from the event it answers, and turned into the
 * template's data ({@link #toTemplateData}) only where a text is rendered (the template sandbox reads maps only).
 * Dates are China's dates. The keys of each map are what the texts of its templates may name (README, Templates).
 */
public sealed interface MessageData {

    Map<String, Object> toTemplateData();

    /** A case's message: the keys every case message has, {@code reason}, {@code dueDate}, {@code decisionText} null unless set. */
    private static Map<String, Object> aboutCase(String petitionId, String trackingNumber) {
        Map<String, Object> data = new HashMap<>();
        data.put("petitionId", petitionId);
        data.put("trackingNumber", trackingNumber);
        data.put("reason", null);
        data.put("dueDate", null);
        // a written decision's text, filled in by the letter channel from supervision-service when the letter is sent
        data.put("decisionText", null);
        return data;
    }

    private static String text(LocalDate date) {
        return date == null ? null : date.toString();
    }

    /** 受理告知: the registration, with its date in China. */
    record Receipt(String petitionId, String trackingNumber, LocalDate registeredDate) implements MessageData {
        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = aboutCase(petitionId, trackingNumber);
            data.put("registeredDate", text(registeredDate));
            return data;
        }
    }

    /** 转送告知 / 交办通知: which unit holds the matter now, and why (INITIAL, ESCALATION, REVIEW, RE_REVIEW). */
    record Forwarded(String petitionId, String trackingNumber, String reason, CaseEvents.Assigned.Unit unit)
            implements MessageData {
        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = aboutCase(petitionId, trackingNumber);
            data.put("reason", reason);
            data.put("unitName", unit.name());
            data.put("unitCode", unit.code());
            return data;
        }
    }

    /** A step the petitioner is told of; {@code reason} is the event's short label, never the decision's text. */
    record Step(String petitionId, String trackingNumber, String reason, LocalDate dueDate) implements MessageData {
        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = aboutCase(petitionId, trackingNumber);
            data.put("reason", reason);
            data.put("dueDate", text(dueDate));
            return data;
        }
    }

    /** 临期提醒 / 超期通报. */
    record Deadline(String petitionId, String trackingNumber, DeadlineClock clock, LocalDate dueDate, String unitCode)
            implements MessageData {
        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = aboutCase(petitionId, trackingNumber);
            data.put("clockName", clock.label());
            data.put("dueDate", text(dueDate));
            data.put("unitCode", unitCode);
            return data;
        }
    }

    /**
     * 紧急程度调整: the case's new level, whether it was raised, lowered or confirmed, and the clock the unit now works to
     * with its new due date (China's), and whether that date has passed already; {@code reason} is the supervisor's.
     */
    record UrgencyChange(String petitionId, String trackingNumber, Urgency urgency, Urgency previousUrgency,
                         DeadlineClock clock, LocalDate dueDate, boolean dueDatePassed, String reason, String unitCode)
            implements MessageData {
        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = aboutCase(petitionId, trackingNumber);
            data.put("urgency", urgency.name());
            data.put("urgencyName", urgency.label());
            data.put("previousUrgencyName", previousUrgency.label());
            data.put("change", urgency == previousUrgency ? "CONFIRMED"
                    : urgency.moreUrgentThan(previousUrgency) ? "RAISED" : "LOWERED");
            data.put("clockName", clock.label());
            data.put("dueDate", text(dueDate));
            data.put("dueDatePassed", dueDatePassed);
            data.put("reason", reason);
            data.put("unitCode", unitCode);
            return data;
        }
    }

    /**
     * 合并办理告知 / 单独办理告知: the petitioner's case joined a matter handled by one unit, or left it; nothing of the
     * matter's other cases (how many, whose), nor the staff's reason. {@code unitName} null when notification never
     * heard the unit's name; {@code cause} null for a link.
     */
    record Matter(String petitionId, String trackingNumber, String unitName, String cause) implements MessageData {
        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = aboutCase(petitionId, trackingNumber);
            data.put("unitName", unitName);
            data.put("cause", cause);
            return data;
        }
    }

    /** 专班跟进提醒. */
    record FollowUp(String petitionId, String trackingNumber, CaseEvents.FollowUpDue.Stage stage, LocalDate dueDate,
                    String team, long followUpId) implements MessageData {
        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = aboutCase(petitionId, trackingNumber);
            data.put("stage", stage.name());
            data.put("dueDate", text(dueDate));
            data.put("team", team);
            data.put("followUpId", followUpId);
            return data;
        }
    }

    /** 热点预警, for the jurisdiction alerted. */
    record HotspotAlert(HotspotDetected hotspot, String jurisdiction) implements MessageData {
        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = new HashMap<>();
            data.put("hotspotId", hotspot.hotspotId().toString());
            data.put("status", hotspot.status().name());
            data.put("countyCode", hotspot.countyCode());
            data.put("placeCode", hotspot.placeCode());
            data.put("placeLevel", hotspot.placeLevel());
            data.put("categoryCode", hotspot.categoryCode());
            data.put("targetLabel", hotspot.targetLabel());
            data.put("petitionCount", hotspot.petitionCount());
            data.put("personCount", hotspot.personCount());
            data.put("explanation", hotspot.reasons() == null ? null : String.join("；", hotspot.reasons().stream()
                    .map(HotspotDetected.Reason::explanation).filter(java.util.Objects::nonNull).toList()));
            data.put("jurisdiction", jurisdiction);
            return data;
        }
    }

    /** 超期日报 of one jurisdiction and day. */
    record OverdueDigest(String jurisdiction, LocalDate date, List<OverdueLine> cases) implements MessageData {

        /** One overdue case in the digest. */
        public record OverdueLine(String trackingNumber, String unitCode, DeadlineClock clock, LocalDate dueDate,
                                  long daysOverdue) {
        }

        @Override
        public Map<String, Object> toTemplateData() {
            Map<String, Object> data = new HashMap<>();
            data.put("jurisdiction", jurisdiction);
            data.put("date", text(date));
            data.put("count", cases.size());
            data.put("cases", cases.stream().map(c -> Map.<String, Object>of("trackingNumber", c.trackingNumber(),
                    "unitCode", c.unitCode(), "clockName", c.clock().label(), "dueDate", text(c.dueDate()),
                    "daysOverdue", c.daysOverdue())).toList());
            return data;
        }
    }
}
