package gov.petitions.intake.service;

import gov.petitions.intake.Channel;
import gov.petitions.intake.Petition;
import gov.petitions.intake.service.PetitionRegistration.Person;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A petition to register, as {@link PetitionRegistration#register} takes it: always a channel, the matter, the
 * petitioner and who registers it; the rest only where it applies. Start with {@link #of} and add what the request
 * carries:
 * <pre>{@code
 * NewPetition.of(Channel.LETTER, matter, petitioner, clerk)
 *         .speakingFor(group)             // a group petition (集体访); alone by default
 *         .accusing(accused)              // units and persons it accuses (检举揭发); none by default
 *         .withLetter(letter)             // a letter's dates (来信)
 *         .withInstruction(instruction)   // a leader's instruction (批示)
 *         .atReception(visit)             // a visit at a public reception session's desk (公开接访)
 * }</pre>
 */
public record NewPetition(Channel channel, Matter matter, Person petitioner, String registeredBy, Group group,
                          List<Petition.Accused> accused, Letter letter, Instruction instruction,
                          ReceptionVisit visit) {

    /** What the petition is about and where: a category and a county or township, checked against the catalogues. */
    public record Matter(String categoryCode, String locationCode, String summary, String content) {
    }

    /**
     * Whom the petition speaks for: the petitioner alone, or a group (集体访) of {@code personCount} persons with at
     * most five named representatives; one batch, {@code personCount} person-times.
     */
    public record Group(int personCount, List<Person> representatives) {

        public static final Group ALONE = new Group(1, List.of());

        public Group {
            representatives = representatives == null ? List.of() : List.copyOf(representatives);
        }
    }

    /** A letter's dates (来信): received by the bureau (its clocks count from it) and the envelope's postmark. */
    public record Letter(LocalDate receivedOn, LocalDate postmarkedOn) {
    }

    /** A leader's written instruction (批示) on the petition. */
    public record Instruction(String leader, String text) {
    }

    /**
     * A visit registered at a public reception session's desk: the session, and the leader who received the visitor
     * in person (领导亲自接访), or null when the desk's staff did.
     */
    public record ReceptionVisit(UUID sessionId, String receivedByLeader) {
    }

    public NewPetition {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(matter, "matter");
        Objects.requireNonNull(petitioner, "petitioner");
        Objects.requireNonNull(registeredBy, "registeredBy");
        group = group == null ? Group.ALONE : group;
        accused = accused == null ? List.of() : List.copyOf(accused);
    }

    /** A petition of one person, accusing no one, with no letter, instruction or reception visit. */
    public static NewPetition of(Channel channel, Matter matter, Person petitioner, String registeredBy) {
        return new NewPetition(channel, matter, petitioner, registeredBy, Group.ALONE, List.of(), null, null, null);
    }

    public NewPetition speakingFor(Group group) {
        return new NewPetition(channel, matter, petitioner, registeredBy, group, accused, letter, instruction, visit);
    }

    public NewPetition accusing(List<Petition.Accused> accused) {
        return new NewPetition(channel, matter, petitioner, registeredBy, group, accused, letter, instruction, visit);
    }

    public NewPetition withLetter(Letter letter) {
        return new NewPetition(channel, matter, petitioner, registeredBy, group, accused, letter, instruction, visit);
    }

    public NewPetition withInstruction(Instruction instruction) {
        return new NewPetition(channel, matter, petitioner, registeredBy, group, accused, letter, instruction, visit);
    }

    public NewPetition atReception(ReceptionVisit visit) {
        return new NewPetition(channel, matter, petitioner, registeredBy, group, accused, letter, instruction, visit);
    }
}
