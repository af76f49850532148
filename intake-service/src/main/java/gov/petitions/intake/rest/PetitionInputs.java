package gov.petitions.intake.rest;

import gov.petitions.intake.Petition;
import gov.petitions.intake.service.PetitionRegistration.Person;

import java.util.List;

/** From request bodies to the registration's terms. */
final class PetitionInputs {

    private PetitionInputs() {
    }

    static Person person(PetitionRequests.PetitionerDetails details) {
        return new Person(details.name(), details.phone(), details.idNumber(), details.address(), details.email());
    }

    static List<Person> representatives(List<PetitionRequests.Representative> representatives) {
        return representatives == null ? List.of() : representatives.stream()
                .map(r -> Person.representative(r.name(), r.idNumber(), r.phone())).toList();
    }

    static List<Petition.Accused> accused(List<PetitionRequests.Accused> accused) {
        return accused == null ? List.of() : accused.stream()
                .map(a -> new Petition.Accused(a.name().strip(), a.kind(), a.unitCode(), null)).toList();
    }
}
