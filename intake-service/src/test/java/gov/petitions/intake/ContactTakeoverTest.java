package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue #16 item 3: an anonymous online petition carrying someone else's ID number (or only their phone) took over
 * that person's stored contact. Now a registration never changes a known person's contact; each petition answers
 * to the contact given with it; only a clerk, with the person present, changes a stored contact, and it is kept.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ContactTakeoverTest {

    private static String registerAtDesk(String name, String phone, String idNumber, String address) {
        Map<String, Object> person = Bodies.person(name, phone, idNumber);
        person.put("address", address);
        return given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Bodies.petition("WALK_IN", "labour-wages", "341302", "拖欠工资", person))
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
    }

    private static String submitOnline(String name, String phone, String idNumber, String address) {
        Map<String, Object> person = Bodies.person(name, phone, idNumber);
        person.put("address", address);
        person.put("email", "attacker@example.org");
        Map<String, Object> body = new HashMap<>(Map.of("categoryCode", "education", "locationCode", "340102",
                "summary", "网上信访", "petitioner", person));
        return given().contentType(ContentType.JSON).body(body).post("/public/petitions")
                .then().statusCode(201).extract().path("petitionId");
    }

    private static String refOf(String petitionId) {
        return given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + petitionId).then().statusCode(200)
                .extract().path("petitionerRef");
    }

    private static io.restassured.response.ValidatableResponse contact(String ref, String petitionId, String purpose) {
        var request = given().auth().oauth2(TestTokens.service());
        if (petitionId != null) {
            request = request.queryParam("petitionId", petitionId);
        }
        if (purpose != null) {
            request = request.queryParam("purpose", purpose);
        }
        return request.get("/internal/petitioners/" + ref + "/contact").then();
    }

    @Test
    void anOnlinePetitionWithSomeoneElsesIdNumberDoesNotTakeOverTheirContact() {
        String idNumber = Bodies.idNumber();
        String phoneA = Bodies.mobile();
        String phoneB = Bodies.mobile();
        String first = registerAtDesk("王建国", phoneA, idNumber, "宿州市埇桥区人民路1号");
        String second = submitOnline("冒名者", phoneB, idNumber, "合肥市某地");
        String ref = refOf(first);
        assertEquals(ref, refOf(second), "the same ID number is the same person (a repeat is still recognised)");

        // the person's own petition still answers to them, the second petition to whoever filed it
        contact(ref, first, "STATUS_NOTICE").statusCode(200).body("phone", equalTo(phoneA)).body("name", equalTo("王建国"))
                .body("address", equalTo("宿州市埇桥区人民路1号"));
        contact(ref, second, "RECEIPT").statusCode(200).body("phone", equalTo(phoneB)).body("name", equalTo("冒名者"))
                .body("email", equalTo("attacker@example.org"));
        // and staff screens show each petition with the contact given with it
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + first).then().statusCode(200)
                .body("petitionerName", equalTo("王**")).body("petitionerPhone", equalTo(PhoneMask.of(phoneA)));
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + second).then().statusCode(200)
                .body("petitionerName", equalTo("冒**")).body("petitionerPhone", equalTo(PhoneMask.of(phoneB)));
        assertEquals(0, changes(ref), "nothing in the contact history: the stored contact never changed");
    }

    @Test
    void anOnlinePetitionWithOnlySomeoneElsesPhoneDoesNotTakeOverTheirContact() {
        String phone = Bodies.mobile();
        String first = registerAtDesk("李秀英", phone, null, "淮北市相山区");
        String second = submitOnline("冒名者", phone, null, "别处");
        String ref = refOf(first);
        assertEquals(ref, refOf(second));
        contact(ref, first, "REPLY_LETTER").statusCode(200).body("name", equalTo("李秀英")).body("address", equalTo("淮北市相山区"))
                .body("email", equalTo(null));
        contact(ref, second, "REPLY_LETTER").statusCode(200).body("name", equalTo("冒名者")).body("address", equalTo("别处"));
    }

    @Test
    void theContactLookupNeedsOneOfThePetitionersPetitionsAndAPurposeFromTheList() {
        String ref = refOf(registerAtDesk("赵六", Bodies.mobile(), null, null));
        String foreign = registerAtDesk("钱七", Bodies.mobile(), null, null);
        long audited = audits(ref);

        contact(ref, null, "RECEIPT").statusCode(400).contentType("application/problem+json");
        contact(ref, foreign, "RECEIPT").statusCode(404).contentType("application/problem+json");
        contact(ref, UUID.randomUUID().toString(), "RECEIPT").statusCode(404);
        String mine = petitionsOf(ref).get(0).toString();
        contact(ref, mine, null).statusCode(400);
        contact(ref, mine, "notification petition.registered.receipt by SMS").statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/unknown-purpose"));
        contact(ref, mine, "receipt").statusCode(400);
        assertEquals(audited, audits(ref), "a refused look-up reads nothing and logs no read");

        contact(ref, mine, "FOLLOW_UP").statusCode(200).body("name", equalTo("赵六"));
        List<?> log = QuarkusTransaction.requiringNew().call(() -> PiiAccess.list("petitionerId", UUID.fromString(ref)));
        assertEquals("FOLLOW_UP", ((PiiAccess) log.get(log.size() - 1)).purpose);
        assertEquals(mine, ((PiiAccess) log.get(log.size() - 1)).petitionId.toString());
    }

    @Test
    void onlyAClerkWithThePersonPresentChangesTheStoredContactAndEveryChangeIsKept() {
        String phoneA = Bodies.mobile();
        String phoneC = Bodies.mobile();
        String first = registerAtDesk("孙八", phoneA, Bodies.idNumber(), "旧地址");
        String ref = refOf(first);
        Map<String, Object> change = new HashMap<>(Map.of("petitionId", first, "name", "孙八", "phone", phoneC,
                "address", "新地址", "personPresent", true));

        given().auth().oauth2(TestTokens.service()).contentType(ContentType.JSON).body(change)
                .put("/petitioners/" + ref + "/contact").then().statusCode(403);
        change.put("personPresent", false);
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(change)
                .put("/petitioners/" + ref + "/contact").then().statusCode(400).contentType("application/problem+json");
        change.put("personPresent", true);
        change.put("petitionId", registerAtDesk("别人", Bodies.mobile(), null, null));
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(change)
                .put("/petitioners/" + ref + "/contact").then().statusCode(404);
        assertEquals(0, changes(ref));

        change.put("petitionId", first);
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(change)
                .put("/petitioners/" + ref + "/contact").then().statusCode(200)
                .body("changedBy", equalTo("clerk-34")).body("petitionId", equalTo(first)).body("personPresent", equalTo(true));
        contact(ref, first, "STATUS_NOTICE").statusCode(200).body("phone", equalTo(phoneC)).body("address", equalTo("新地址"));
        given().auth().oauth2(TestTokens.auditor())
                .get("/petitioners/" + ref + "/contact-changes").then().statusCode(200)
                .body("", hasSize(1)).body("[0].changedBy", equalTo("clerk-34")).body("[0].petitionId", equalTo(first));
        assertEquals(1, changes(ref));
    }

    private static long changes(String ref) {
        return QuarkusTransaction.requiringNew().call(() -> PetitionerContactChange.count("petitionerId", UUID.fromString(ref)));
    }

    private static long audits(String ref) {
        return QuarkusTransaction.requiringNew().call(() -> PiiAccess.count("petitionerId", UUID.fromString(ref)));
    }

    private static List<UUID> petitionsOf(String ref) {
        return QuarkusTransaction.requiringNew().call(() -> Petition.<Petition>list("petitionerId", UUID.fromString(ref))
                .stream().map(p -> p.id).toList());
    }

    private static final class PhoneMask {
        static String of(String phone) {
            return phone.substring(0, 3) + "****" + phone.substring(7);
        }
    }
}
