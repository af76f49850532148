package gov.petitions.notification.repository;

/**
 * An outcome told on Kafka, by the retry pointer it was recorded under: a final outcome's pointer goes, a failure's
 * pointer remembers the attempt told (only ever upwards).
 *
 * @param outcomeSeq the number of attempts the outcome was recorded after
 */
public record ToldOutcome(String pointerId, boolean isFinal, int outcomeSeq) {

    public static ToldOutcome of(Message recorded, String pointerId) {
        return new ToldOutcome(pointerId, recorded.isFinal(), recorded.outcomeSeq());
    }
}
