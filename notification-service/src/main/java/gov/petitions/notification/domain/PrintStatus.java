package gov.petitions.notification.domain;

/** A letter in the print queue: waiting (QUEUED) or printed and posted (PRINTED). */
public enum PrintStatus {
    QUEUED, PRINTED
}
