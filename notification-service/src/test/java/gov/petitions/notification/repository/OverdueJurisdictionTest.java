package gov.petitions.notification.repository;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OverdueJurisdictionTest {

    @Test
    void aCaseHeldAtAnyLevelIsInTheDigestOfItsCityOrOfTheProvince() {
        assertEquals("3413", OverdueRepository.city("341302-RSJ"));
        assertEquals("3413", OverdueRepository.city("341302101-ZF"));
        assertEquals("3413", OverdueRepository.city("3413-RSJ"));
        // a case whose city is recused is held at the province: the province's digest, not "34-X"
        assertEquals("34", OverdueRepository.city("34-XFJ"));
    }
}
