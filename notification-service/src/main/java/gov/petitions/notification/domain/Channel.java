package gov.petitions.notification.domain;

/** How a message goes out (the contracts' notificationChannel). */
public enum Channel {
    /** The development channel: only that a message went out is logged. */
    LOG,
    SMS,
    EMAIL,
    /** A printed letter (书面答复) from the print queue. */
    LETTER,
    /** A signed POST to an agency's endpoint. */
    WEBHOOK
}
