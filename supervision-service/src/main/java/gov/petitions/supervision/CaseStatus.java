package gov.petitions.supervision;

/** The states of a case in the ledger (see contracts: case.status-changed). */
public enum CaseStatus {
    REGISTERED, ASSIGNED, ACCEPTED, NOT_ACCEPTED, EXTENDED, REPLIED, EVALUATED, REVIEW_REQUESTED, REVIEW_REPLIED,
    RE_REVIEW_REQUESTED, RE_REVIEW_REPLIED, FINAL, ESCALATED, RETURNED
}
