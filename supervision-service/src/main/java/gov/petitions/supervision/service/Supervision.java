package gov.petitions.supervision.service;

import gov.petitions.platform.outbox.Outbox;
import gov.petitions.platform.security.CallerScope;
import gov.petitions.supervision.Deadline;
import gov.petitions.supervision.LedgerEntry;
import gov.petitions.supervision.events.CaseUrgedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Supervision of the units by the petition bureaus (督办): a supervisor urges the unit working an open case within
 * their jurisdiction. The urge is counted on the case, written to its timeline and told as case.urged through the
 * outbox, in one transaction, so that the urged unit can be told.
 */
@ApplicationScoped
public class Supervision {

    /** What an event may say of the reason: the free text of the timeline, cut short. */
    static final int EVENT_REASON_LENGTH = 500;

    /** Mainland resident ID numbers (GB 11643) and phone numbers: never in an event, whoever typed them. */
    private static final Pattern IDENTIFYING_NUMBERS = Pattern.compile(
            "(?<![0-9])([0-9]{17}[0-9Xx]|1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})(?![0-9])");

    private final CaseLedger ledger;
    private final Outbox outbox;
    private final Clock clock;

    public Supervision(CaseLedger ledger, Outbox outbox, Clock clock) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** 督办: only a supervisor who may supervise the case (else 404), only while a unit works it (else 409). */
    @Transactional
    public LedgerEntry urge(UUID petitionId, CallerScope supervisor, CaseLedger.Actor actor, String reason) {
        LedgerEntry entry = CaseAccess.supervised(petitionId, supervisor);
        // a member's unit is the lead's: urge the lead case
        CaseLedger.checkWorkedOnItsOwn(entry, supervisor);
        // a review waiting for its assignment has no unit to urge yet: awaiting-assignment, like every other action
        CaseLifecycle.URGE.check(entry);
        OffsetDateTime at = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        entry.urgeCount++;
        ledger.note(entry, actor, "urged (督办): " + reason);
        Deadline running = Deadline.find("petitionId = ?1 and stoppedAt is null order by id desc", entry.petitionId)
                .firstResult();
        String jurisdiction = supervisor.jurisdiction().orElse(null);
        outbox.record(new CaseUrgedEvent(entry.petitionId, entry.trackingNumber, entry.unitCode, entry.level,
                actor.role(), levelOf(jurisdiction), jurisdiction, withoutIdentifyingNumbers(reason), entry.urgeCount,
                at, running == null ? null : running.clock.name(), running == null ? null : running.dueAt));
        return entry;
    }

    /**
     * The reason as an event may carry it: a supervisor writes about the case, but what they type is not checked, so
     * ID and phone numbers are masked and the text is cut short (the timeline keeps it whole, behind the scope checks).
     */
    static String withoutIdentifyingNumbers(String reason) {
        String masked = IDENTIFYING_NUMBERS.matcher(reason).replaceAll("***").strip();
        return masked.length() <= EVENT_REASON_LENGTH ? masked : masked.substring(0, EVENT_REASON_LENGTH);
    }

    /** A division code's administrative level: 34 the province, 3413 a city, 341302 a county, 9 digits a township. */
    static String levelOf(String jurisdiction) {
        if (jurisdiction == null) {
            return null;
        }
        return switch (jurisdiction.length()) {
            case 2 -> "PROVINCE";
            case 4 -> "CITY";
            case 6 -> "COUNTY";
            default -> "TOWNSHIP";
        };
    }
}
