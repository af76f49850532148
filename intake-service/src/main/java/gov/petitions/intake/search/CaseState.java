package gov.petitions.intake.search;

import java.util.Arrays;
import java.util.List;

/**
 * The states of a case as supervision publishes them on case.status-changed ({@code $defs.caseStatus} of
 * contracts/events/case.status-changed.v1.schema.json; CaseStateContractTest keeps the two equal). Intake owns none
 * of them: it only searches by them.
 */
public enum CaseState {
    REGISTERED, ASSIGNED, ACCEPTED, NOT_ACCEPTED, EXTENDED, REPLIED, EVALUATED, REVIEW_REQUESTED, REVIEW_REPLIED,
    RE_REVIEW_REQUESTED, RE_REVIEW_REPLIED, FINAL, ESCALATED, RETURNED;

    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
