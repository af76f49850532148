package gov.petitions.notification.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The statuses of a case (the contracts' caseStatus), and what notification does on entering each. */
public enum CaseStatus {
    REGISTERED, ASSIGNED, ACCEPTED, NOT_ACCEPTED, EXTENDED, REPLIED, EVALUATED, REVIEW_REQUESTED, REVIEW_REPLIED,
    RE_REVIEW_REQUESTED, RE_REVIEW_REPLIED, FINAL, ESCALATED, RETURNED;

    private static final Set<CaseStatus> TOLD = Set.of(ACCEPTED, NOT_ACCEPTED, EXTENDED, REPLIED, REVIEW_REPLIED, FINAL);

    /** The petitioner's message (告知) on entering this status, e.g. case.not-accepted.petitioner; empty if internal. */
    public Optional<String> petitionerTemplate() {
        return TOLD.contains(this)
                ? Optional.of("case." + name().toLowerCase(Locale.ROOT).replace('_', '-') + ".petitioner")
                : Optional.empty();
    }

    /** The time limits entering this status satisfies: the acceptance decision, the reply, the review answers. */
    public Set<DeadlineClock> settles() {
        return switch (this) {
            case ACCEPTED -> Set.of(DeadlineClock.ACCEPTANCE);
            case REPLIED -> Set.of(DeadlineClock.ACCEPTANCE, DeadlineClock.HANDLING);
            case REVIEW_REPLIED -> Set.of(DeadlineClock.REVIEW);
            case RE_REVIEW_REPLIED -> Set.of(DeadlineClock.RE_REVIEW);
            case NOT_ACCEPTED, FINAL -> Set.of(DeadlineClock.values());
            default -> Set.of();
        };
    }
}
