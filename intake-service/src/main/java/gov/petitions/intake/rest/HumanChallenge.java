package gov.petitions.intake.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An anonymous submission that must carry a human-verification token when intake.challenge.verify-url is set
 * ({@link PublicChallengeFilter}). {@code followUp} marks those asked only with intake.challenge.follow-ups.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HumanChallenge {

    boolean followUp() default false;
}
