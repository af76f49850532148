package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import gov.petitions.notification.repository.OverdueRepository;
import gov.petitions.platform.events.CloudEvent;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import gov.petitions.notification.domain.RecipientKind;
import gov.petitions.notification.repository.OverdueCase;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The daily digest of overdue cases (超期日报), one per jurisdiction, to its supervisors' office and to the
 * leader who covers it (包点). Its message ids derive from (jurisdiction, date), so the unique message index
 * keeps it to one digest a day however many replicas run the schedule or how often an operator triggers it.
 */
@ApplicationScoped
public class OverdueDigest {

    static final ZoneId CHINA = gov.petitions.platform.time.ChinaTime.CHINA;
    static final String TYPE = "gov.petition.notification.overdue-digest";

    private final OverdueRepository overdue;
    private final Notifier notifier;
    private final NotificationConfig.Digest config;
    private final java.time.Clock clock;

    public OverdueDigest(OverdueRepository overdue, Notifier notifier, NotificationConfig config, java.time.Clock clock) {
        this.clock = clock;
        this.overdue = overdue;
        this.notifier = notifier;
        this.config = config.digest();
    }

    @Scheduled(cron = "${notification.digest.cron:0 30 7 * * ?}", timeZone = "Asia/Shanghai",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        int sent = send(LocalDate.now(clock.withZone(CHINA)));
        Log.infof("Overdue digest: %d jurisdictions", sent);
    }

    /** @return how many jurisdictions had overdue cases */
    public int send(LocalDate date) {
        int jurisdictions = 0;
        for (String jurisdiction : overdue.jurisdictions()) {
            List<OverdueCase> cases = overdue.inJurisdiction(jurisdiction);
            if (cases.isEmpty()) {
                continue;
            }
            jurisdictions++;
            MessageData data = new MessageData.OverdueDigest(jurisdiction, date, cases.stream().map(c -> {
                LocalDate due = c.dueAt().atZone(CHINA).toLocalDate();
                return new MessageData.OverdueDigest.OverdueLine(c.trackingNumber(), c.unitCode(), c.clock(), due,
                        Math.max(0, ChronoUnit.DAYS.between(due, date)));
            }).toList());
            CloudEvent event = new CloudEvent(UUID.nameUUIDFromBytes(("overdue-digest:" + jurisdiction + ":" + date)
                    .getBytes(StandardCharsets.UTF_8)), TYPE, "/notification-service/digest", jurisdiction, null);
            notifier.send(event, List.of(
                    new Notifier.Draft(null, RecipientKind.SUPERVISOR, RecipientKind.supervisorsOf(jurisdiction),
                            "digest.overdue.supervisor", data),
                    new Notifier.Draft(null, RecipientKind.LEADER, config.coveringLeaders().getOrDefault(jurisdiction, "leader-" + jurisdiction),
                            "digest.overdue.leader", data)));
        }
        return jurisdictions;
    }
}
