package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.intake.client.UnitDirectory;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue #16 item 2: a citizen accuses a unit by name (萧县人民法院), not by code. Intake resolves the name against
 * routing's unit directory (a local stand-in here) so that the unit is in the recusal set of the petition.registered
 * event; a name it cannot resolve, or a directory that does not answer, keeps the case away from the whole county.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(RoutingDirectoryStandIn.class)
class AccusationByNameTest {

    @Inject
    UnitDirectory directory;

    @BeforeEach
    @AfterEach
    void directoryUp() {
        RoutingDirectoryStandIn.mode("up");
    }

    private static Map<String, Object> accusing(String location, String category, Map<String, Object> accused) {
        Map<String, Object> body = new HashMap<>(Map.of("categoryCode", category, "locationCode", location,
                "summary", "举报法院工作人员违规办案", "petitioner", Bodies.person("周某", Bodies.mobile(), null)));
        body.put("accused", List.of(accused));
        return body;
    }

    private static String submit(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/public/petitions")
                .then().statusCode(201).extract().path("petitionId");
    }

    private static List<String> accusedUnitCodes(String petitionId) {
        JsonNode event = RegisteredEvents.of(petitionId);
        List<String> codes = new ArrayList<>();
        event.path("accusedUnitCodes").forEach(c -> codes.add(c.asText()));
        return codes;
    }

    private static boolean needsCheck(String petitionId) {
        return given().auth().oauth2(TestTokens.supervisor("34")).get("/petitions/" + petitionId)
                .then().statusCode(200).extract().path("accusedNeedsCheck");
    }

    private static String unit(String location, String name) {
        String id = submit(accusing(location, "courts-procuratorate", Map.of("name", name, "kind", "UNIT")));
        List<String> codes = accusedUnitCodes(id);
        assertEquals(1, codes.size(), name + " → " + codes);
        return codes.get(0);
    }

    @Test
    void aCourtNamedAsPeopleWriteItIsTheCourtsCode() {
        assertEquals("341322-FY", unit("341322", "萧县人民法院"));
        assertEquals("341322-FY", unit("341322", "萧县法院"));
        assertEquals("341322-FY", unit("341322", " 安徽省宿州市萧县人民法院。"));
        assertEquals("341322-FY", unit("341322", "法院"), "a bare name is the most local unit of that name");
        assertEquals("3413-FY", unit("341322", "宿州市中级人民法院"));
        assertEquals("3413-FY", unit("341322", "宿州中院"));
        assertEquals("34-FY", unit("341322", "安徽省高级人民法院"));
        assertEquals("341322-RSJ", unit("341322", "萧县人社局"));
        assertEquals("341322-GAJ", unit("341322001", "萧县公安局"));
        assertEquals("341322-ZF", unit("341322", "萧县人民政府"));

        String id = submit(accusing("341322", "courts-procuratorate", Map.of("name", "萧县法院", "kind", "UNIT")));
        assertEquals(List.of("341322-FY"), accusedUnitCodes(id));
        given().auth().oauth2(TestTokens.supervisor("34")).get("/petitions/" + id).then().statusCode(200)
                .body("accusedNeedsCheck", equalTo(false))
                .body("accused[0].name", equalTo("萧县法院"))
                .body("accused[0].unitCode", equalTo("341322-FY"))
                .body("accused[0].unitCodeResolved", equalTo(true));
        // the court and every unit and supervisor of the county are out of the case; the city is not
        given().auth().oauth2(TestTokens.supervisor("341322")).get("/petitions/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.supervisor("3413")).get("/petitions/" + id).then().statusCode(200);
    }

    @Test
    void theCountysGovernmentByItsShortNameIsNotFlagged() {
        String id = submit(accusing("341322", "civil-affairs", Map.of("name", "萧县政府", "kind", "UNIT")));
        assertEquals(List.of("341322-ZF"), accusedUnitCodes(id));
        assertFalse(needsCheck(id));
    }

    @Test
    void anUnknownNameKeepsTheCaseAwayFromTheCountyAndIsFlagged() {
        String id = submit(accusing("341322", "courts-procuratorate", Map.of("name", "萧县第九法庭", "kind", "UNIT")));
        assertEquals(List.of("341322-ZF"), accusedUnitCodes(id));
        assertEquals(true, needsCheck(id));
        given().auth().oauth2(TestTokens.supervisor("341322")).get("/petitions/" + id).then().statusCode(404);

        // a court of another county is no unit of this petition's chain: flagged, not guessed
        String other = submit(accusing("341322", "courts-procuratorate", Map.of("name", "砀山县人民法院", "kind", "UNIT")));
        assertEquals(List.of("341322-ZF"), accusedUnitCodes(other));
    }

    @Test
    void anEmployerIsNoPublicBodyAndTheCountyKeepsTheCase() {
        String id = submit(accusing("341322", "labour-wages", Map.of("name", "萧县某某建筑工程有限公司", "kind", "UNIT")));
        assertEquals(List.of(), accusedUnitCodes(id));
        assertFalse(needsCheck(id));
        given().auth().oauth2(TestTokens.supervisor("341322")).get("/petitions/" + id).then().statusCode(200);
    }

    @Test
    void whenRoutingIsDownTheCaseIsStillRegisteredAwayFromTheCountyAndFlagged() {
        directory.invalidateAll();
        RoutingDirectoryStandIn.mode("down");
        String id = submit(accusing("341322", "courts-procuratorate", Map.of("name", "萧县人民法院", "kind", "UNIT")));
        assertEquals(List.of("341322-ZF"), accusedUnitCodes(id));
        RoutingDirectoryStandIn.mode("up");
        assertEquals(true, needsCheck(id));
    }

    @Test
    void aGivenUnitCodeIsKeptAsItIs() {
        directory.invalidateAll();
        int before = RoutingDirectoryStandIn.requests();
        String id = submit(accusing("341322", "courts-procuratorate",
                Map.of("name", "萧县人民法院", "kind", "UNIT", "unitCode", "341322-JCY")));
        assertEquals(List.of("341322-JCY"), accusedUnitCodes(id));
        assertFalse(needsCheck(id));
        assertEquals(before, RoutingDirectoryStandIn.requests(),
                "nothing to look up");
    }
}
