package gov.petitions.platform.outbox;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which event of contracts/ a {@link DomainEvent} is: the event's name, which is its topic (a channel of
 * contracts/asyncapi.yaml), and the version of its schema. The CloudEvents type and the {@code $id} of the data's schema
 * follow from the two by the contracts' rules (contracts/README.md), {@code gov.petition.<event>.v<n>} and
 * {@code .../contracts/events/<event>.v<n>.schema.json}, so an event names its contract once:
 * {@code @EventContract("case.urged") record CaseUrgedEvent(...) implements DomainEvent.OfPetition}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventContract {

    /** The event and its topic, e.g. {@code case.urged}. */
    String value();

    /** The schema's version: a breaking change is a v2 on the same topic (contracts/README.md, "Versions"). */
    int version() default 1;
}
