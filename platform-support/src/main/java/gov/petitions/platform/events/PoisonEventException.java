package gov.petitions.platform.events;

/**
 * A record that can never be processed, however often it is retried (malformed, wrong type,
 * fails validation). It is sent to the service's dead-letter topic with this message as the reason.
 */
public class PoisonEventException extends RuntimeException {
    public PoisonEventException(String message) {
        super(message);
    }
}
