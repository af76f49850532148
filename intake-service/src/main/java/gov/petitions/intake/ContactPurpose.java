package gov.petitions.intake;

/** Why a contact is read in clear: the only reasons there are. Written to the PII access log as they are. */
public enum ContactPurpose {
    /** The receipt (受理告知) by SMS after registration. */
    RECEIPT,
    /** A notice on the case's progress (转送、受理、不予受理、延期告知) by SMS or email. */
    STATUS_NOTICE,
    /** A written decision (处理、复查、复核意见书) sent as a letter. */
    REPLY_LETTER,
    /** A clerk prints a queued letter with the addressee's name and address. */
    LETTER_PRINT,
    /** A follow-up visit or call (回访). */
    FOLLOW_UP
}
