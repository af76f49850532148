package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every message the service sends: its template id (as carried in notification.* events), its title (the
 * email subject and the heading of a letter), the channels it is written for, and sample data for previews.
 * The texts themselves are Qute templates, seeded from {@code notification-templates/<id>.<CHANNEL>.txt}
 * and versioned in MongoDB. A letter that prints a decision reads its text as {@code decisionText}, the handler's own
 * words from supervision-service (see {@link LetterChannel}); {@code reason} is only the event's short label.
 */
public final class TemplateCatalog {

    public record Entry(String id, String title, List<Channel> channels, Map<String, Object> sample) {
    }

    private static final List<Channel> PETITIONER = List.of(Channel.SMS);
    private static final List<Channel> PETITIONER_IN_WRITING = List.of(Channel.SMS, Channel.LETTER);
    private static final List<Channel> ORGANISATION = List.of(Channel.EMAIL, Channel.WEBHOOK);

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        Map<String, Object> base = Map.of("trackingNumber", "XF20261126000123", "petitionId",
                "3f2b1c9e-5d4a-4e2b-9c1d-7a6b5c4d3e2f");
        add("petition.registered.receipt", "受理告知", PETITIONER, base, Map.of("registeredDate", "2026-11-26"));
        add("case.assigned.petitioner", "转送告知", PETITIONER, base,
                Map.of("unitName", "埇桥区人力资源和社会保障局", "reason", "INITIAL"));
        add("case.accepted.petitioner", "受理告知书", PETITIONER, base, Map.of("dueDate", "2027-01-25"));
        add("case.not-accepted.petitioner", "不予受理告知书", PETITIONER_IN_WRITING, base,
                Map.of("reason", "该事项已经依法终结", "decisionText", "该事项已经依法终结，根据《信访工作条例》第三十二条不予受理。"));
        add("case.extended.petitioner", "延期办理告知书", PETITIONER, base,
                Map.of("reason", "需要现场调查", "dueDate", "2027-02-24"));
        add("case.replied.petitioner", "信访事项处理意见书", PETITIONER_IN_WRITING, base,
                Map.of("reason", "written reply (书面答复)", "decisionText", "经调查核实，已责成有关单位依法补发工资。"));
        add("case.review-replied.petitioner", "信访事项复查意见书", PETITIONER_IN_WRITING, base,
                Map.of("reason", "review answered (复查意见)", "decisionText", "经复查，维持原处理意见。"));
        add("case.final.petitioner", "信访事项复核意见书", PETITIONER_IN_WRITING, base,
                Map.of("reason", "final after re-review (终结)", "decisionText", "经复核，维持复查意见。"));
        add("case.assigned.unit", "交办通知", ORGANISATION, base, Map.of("reason", "INITIAL"));
        add("case.deadline-warning.unit", "临期提醒", ORGANISATION, base,
                Map.of("clockName", "办结答复", "dueDate", "2027-01-25", "unitCode", "341302-RSJ"));
        add("case.deadline-breached.unit", "超期通报", ORGANISATION, base,
                Map.of("clockName", "办结答复", "dueDate", "2027-01-25", "unitCode", "341302-RSJ"));
        add("case.deadline-breached.supervisor", "超期通报", ORGANISATION, base,
                Map.of("clockName", "办结答复", "dueDate", "2027-01-25", "unitCode", "341302-RSJ"));
        Map<String, Object> followUp = Map.of("stage", "DUE_SOON", "dueDate", "2027-01-10", "team", "市信访局、区人社局",
                "followUpId", 17);
        add("case.follow-up-due.unit", "专班跟进提醒", ORGANISATION, base, followUp);
        add("case.follow-up-due.leader", "专班跟进提醒", ORGANISATION, base, followUp);
        Map<String, Object> digest = Map.of("jurisdiction", "3413", "date", "2026-11-26", "count", 2,
                "cases", List.of(
                        Map.of("trackingNumber", "XF20261101000001", "unitCode", "341302-RSJ", "clockName", "办结答复",
                                "dueDate", "2026-11-20", "daysOverdue", 6),
                        Map.of("trackingNumber", "XF20261102000002", "unitCode", "341321-ZJJ", "clockName", "受理决定",
                                "dueDate", "2026-11-25", "daysOverdue", 1)));
        add("digest.overdue.supervisor", "超期信访事项日报", ORGANISATION, digest, Map.of());
        add("digest.overdue.leader", "包点地区超期信访事项日报", ORGANISATION, digest, Map.of());
        Map<String, Object> hotspot = new java.util.HashMap<>(Map.of("hotspotId", "5d0f3b8e-8a61-3c2e-9f4b-7e1a2c3d4b5f",
                "status", "DETECTED", "countyCode", "341302", "placeCode", "341302", "placeLevel", "COUNTY",
                "categoryCode", "labour-wages", "petitionCount", 10, "personCount", 14, "jurisdiction", "3413"));
        hotspot.put("targetLabel", "安徽华建建设有限公司");
        hotspot.put("explanation", "10 petitions in the last PT1H reach the threshold 10");
        add("hotspot.detected.supervisor", "信访热点预警", ORGANISATION, hotspot, Map.of());
        add("hotspot.detected.leader", "包点地区信访热点预警", ORGANISATION, hotspot, Map.of());
    }

    private TemplateCatalog() {
    }

    private static void add(String id, String title, List<Channel> channels, Map<String, Object> base,
                            Map<String, Object> extra) {
        Map<String, Object> sample = new LinkedHashMap<>(base);
        sample.putAll(extra);
        ENTRIES.put(id, new Entry(id, title, channels, Map.copyOf(sample)));
    }

    public static Optional<Entry> find(String id) {
        return Optional.ofNullable(ENTRIES.get(id));
    }

    public static List<Entry> all() {
        return List.copyOf(ENTRIES.values());
    }
}
