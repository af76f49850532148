package gov.petitions.notification.repository;

/**
 * What removing an archived case's data needs of its stored messages besides reading them ({@link Messages#ofPetition}):
 * writing one back in its reduced form, unless someone changed it since it was read.
 */
public interface ArchivedMessages {

    /**
     * Replaces a message read before by {@code reduced} (the same message, its texts and addresses removed), under a
     * fresh claim: a worker still holding the claim read can then record nothing more on it.
     *
     * @return false if the message changed since it was read (a worker recorded an attempt): read it again
     */
    boolean replace(Message read, Message reduced);
}
