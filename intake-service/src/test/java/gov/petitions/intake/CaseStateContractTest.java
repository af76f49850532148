package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.search.CaseState;
import gov.petitions.testing.Contracts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** search's state= filter accepts exactly the states supervision may publish on case.status-changed. */
class CaseStateContractTest {

    @Test
    void theStatesAreThoseOfTheContract() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Contracts.dir().resolve("events/case.status-changed.v1.schema.json").toFile());
        List<String> contract = new ArrayList<>();
        schema.path("$defs").path("caseStatus").path("enum").forEach(n -> contract.add(n.asText()));
        assertEquals(contract, CaseState.names());
    }
}
