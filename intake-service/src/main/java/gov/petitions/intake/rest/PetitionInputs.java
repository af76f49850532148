package gov.petitions.intake.rest;

import gov.petitions.intake.Petition;
import gov.petitions.intake.service.NewPetition;
import gov.petitions.intake.service.PetitionRegistration.Person;

import java.util.List;

/** From request bodies to the registration's terms ({@link NewPetition}). */
final class PetitionInputs {

    private PetitionInputs() {
    }

    static NewPetition.Matter matter(String categoryCode, String locationCode, String summary, String content) {
        return new NewPetition.Matter(categoryCode, locationCode, summary, content);
    }

    static Person person(PetitionRequests.PetitionerDetails details) {
        return new Person(details.name(), details.phone(), details.idNumber(), details.address(), details.email());
    }

    /** One person unless the body gives personCount; the representatives it names. */
    static NewPetition.Group group(Integer personCount, List<PetitionRequests.Representative> representatives) {
        return new NewPetition.Group(personCount == null ? 1 : personCount, representatives == null ? List.of()
                : representatives.stream().map(r -> Person.representative(r.name(), r.idNumber(), r.phone())).toList());
    }

    static List<Petition.Accused> accused(List<PetitionRequests.Accused> accused) {
        return accused == null ? List.of() : accused.stream()
                .map(a -> new Petition.Accused(a.name().strip(), a.kind(), a.unitCode(), null)).toList();
    }

    static NewPetition.Letter letter(PetitionRequests.LetterDetails letter) {
        return letter == null ? null : new NewPetition.Letter(letter.receivedOn(), letter.postmarkedOn());
    }

    static NewPetition.Instruction instruction(PetitionRequests.LeaderInstruction instruction) {
        return instruction == null ? null : new NewPetition.Instruction(instruction.leader().strip(), instruction.text());
    }
}
