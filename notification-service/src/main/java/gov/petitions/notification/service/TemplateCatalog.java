package gov.petitions.notification.service;

import gov.petitions.notification.domain.Channel;
import gov.petitions.platform.province.Province;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * The entries with samples of the deployment's province, built once per province: one JVM may run the
     * application under several configurations (test profiles), and a preview shows the province's own codes.
     */
    private static final Map<String, Map<String, Entry>> BY_PROVINCE = new ConcurrentHashMap<>();

    /**
     * The sample data of previews: a case handled by the province's own department (its units exist in every
     * province: a division code, then the department), a city and a county of it by code.
     */
    private static Map<String, Entry> build(Province province) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String code = province.code();
        String city = code + "01";
        String county = city + "02";
        String unitCode = code + "-RSJ";
        String unitName = province.name() + "人力资源和社会保障局";
        Map<String, Object> base = Map.of("trackingNumber", "XF20261126000123", "petitionId",
                "3f2b1c9e-5d4a-4e2b-9c1d-7a6b5c4d3e2f");
        add(entries, "petition.registered.receipt", "受理告知", PETITIONER, base, Map.of("registeredDate", "2026-11-26"));
        add(entries, "case.assigned.petitioner", "转送告知", PETITIONER, base,
                Map.of("unitName", unitName, "reason", "INITIAL"));
        add(entries, "case.accepted.petitioner", "受理告知书", PETITIONER, base, Map.of("dueDate", "2027-01-25"));
        add(entries, "case.not-accepted.petitioner", "不予受理告知书", PETITIONER_IN_WRITING, base,
                Map.of("reason", "该事项已经依法终结", "decisionText", "该事项已经依法终结，根据《信访工作条例》第三十二条不予受理。"));
        add(entries, "case.extended.petitioner", "延期办理告知书", PETITIONER, base,
                Map.of("reason", "需要现场调查", "dueDate", "2027-02-24"));
        add(entries, "case.replied.petitioner", "信访事项处理意见书", PETITIONER_IN_WRITING, base,
                Map.of("reason", "written reply (书面答复)", "decisionText", "经调查核实，已责成有关单位依法补发工资。"));
        add(entries, "case.review-replied.petitioner", "信访事项复查意见书", PETITIONER_IN_WRITING, base,
                Map.of("reason", "review answered (复查意见)", "decisionText", "经复查，维持原处理意见。"));
        add(entries, "case.final.petitioner", "信访事项复核意见书", PETITIONER_IN_WRITING, base,
                Map.of("reason", "final after re-review (终结)", "decisionText", "经复核，维持复查意见。"));
        add(entries, "case.linked.petitioner", "合并办理告知", PETITIONER, base, Map.of("unitName", unitName));
        add(entries, "case.unlinked.petitioner", "单独办理告知", PETITIONER, base,
                Map.of("unitName", unitName, "cause", "SPLIT"));
        add(entries, "case.assigned.unit", "交办通知", ORGANISATION, base, Map.of("reason", "INITIAL"));
        add(entries, "case.deadline-warning.unit", "临期提醒", ORGANISATION, base,
                Map.of("clockName", "办结答复", "dueDate", "2027-01-25", "unitCode", unitCode));
        add(entries, "case.deadline-breached.unit", "超期通报", ORGANISATION, base,
                Map.of("clockName", "办结答复", "dueDate", "2027-01-25", "unitCode", unitCode));
        add(entries, "case.deadline-breached.supervisor", "超期通报", ORGANISATION, base,
                Map.of("clockName", "办结答复", "dueDate", "2027-01-25", "unitCode", unitCode));
        add(entries, "case.urgency-changed.unit", "紧急程度调整通知", ORGANISATION, base,
                Map.of("urgency", "URGENT_SPECIAL", "urgencyName", "特急", "previousUrgencyName", "一般", "change", "RAISED",
                        "clockName", "受理决定", "dueDate", "2026-11-29", "dueDatePassed", false,
                        "reason", "涉及群体性欠薪，春节前须优先办理。", "unitCode", unitCode));
        Map<String, Object> followUp = Map.of("stage", "DUE_SOON", "dueDate", "2027-01-10", "team", "市信访局、区人社局",
                "followUpId", 17);
        add(entries, "case.follow-up-due.unit", "专班跟进提醒", ORGANISATION, base, followUp);
        add(entries, "case.follow-up-due.leader", "专班跟进提醒", ORGANISATION, base, followUp);
        Map<String, Object> digest = Map.of("jurisdiction", city, "date", "2026-11-26", "count", 2,
                "cases", List.of(
                        Map.of("trackingNumber", "XF20261101000001", "unitCode", county + "-RSJ", "clockName", "办结答复",
                                "dueDate", "2026-11-20", "daysOverdue", 6),
                        Map.of("trackingNumber", "XF20261102000002", "unitCode", county + "-ZJJ", "clockName", "受理决定",
                                "dueDate", "2026-11-25", "daysOverdue", 1)));
        add(entries, "digest.overdue.supervisor", "超期信访事项日报", ORGANISATION, digest, Map.of());
        add(entries, "digest.overdue.leader", "包点地区超期信访事项日报", ORGANISATION, digest, Map.of());
        Map<String, Object> hotspot = new java.util.HashMap<>(Map.of("hotspotId", "5d0f3b8e-8a61-3c2e-9f4b-7e1a2c3d4b5f",
                "status", "DETECTED", "countyCode", county, "placeCode", county, "placeLevel", "COUNTY",
                "categoryCode", "labour-wages", "petitionCount", 10, "personCount", 14, "jurisdiction", city));
        hotspot.put("targetLabel", "华建建设有限公司");
        hotspot.put("explanation", "10 petitions in the last PT1H reach the threshold 10");
        add(entries, "hotspot.detected.supervisor", "信访热点预警", ORGANISATION, hotspot, Map.of());
        add(entries, "hotspot.detected.leader", "包点地区信访热点预警", ORGANISATION, hotspot, Map.of());
        return java.util.Collections.unmodifiableMap(entries); // in the order added: the list of templates
    }

    private TemplateCatalog() {
    }

    private static void add(Map<String, Entry> entries, String id, String title, List<Channel> channels,
                            Map<String, Object> base, Map<String, Object> extra) {
        Map<String, Object> sample = new LinkedHashMap<>(base);
        sample.putAll(extra);
        entries.put(id, new Entry(id, title, channels, Map.copyOf(sample)));
    }

    private static Map<String, Entry> entries() {
        Province province = Province.current();
        return BY_PROVINCE.computeIfAbsent(province.code() + " " + province.name(), key -> build(province));
    }

    public static Optional<Entry> find(String id) {
        return Optional.ofNullable(entries().get(id));
    }

    public static List<Entry> all() {
        return List.copyOf(entries().values());
    }
}
