package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.MovableClock;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Public reception sessions (公开接访): the 7-day announcement rule, the public list and feed, the visitor queue. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class ReceptionSessionTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    static Map<String, Object> session(String county, LocalDate date, String leader) {
        Map<String, Object> body = new HashMap<>();
        body.put("leaderName", leader);
        body.put("leaderTitle", "市委书记");
        body.put("level", "CITY");
        body.put("venue", "市信访局接待大厅");
        body.put("countyCode", county);
        body.put("date", date.toString());
        body.put("startsAt", "08:30");
        body.put("endsAt", "12:00");
        body.put("desks", List.of(
                Map.of("name", "人社局接谈组", "staff", List.of("人社局副局长", "劳动监察大队长")),
                Map.of("name", "住建局接谈组", "staff", List.of("住建局副局长"))));
        return body;
    }

    static String create(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON).body(body)
                .post("/reception-sessions").then().statusCode(201).body("status", equalTo("DRAFT"))
                .extract().path("sessionId");
    }

    static void publish(String sessionId) {
        given().auth().oauth2(TestTokens.supervisor("34")).post("/reception-sessions/" + sessionId + "/publication")
                .then().statusCode(200).body("status", equalTo("PUBLISHED"));
    }

    static void open(String sessionId) {
        given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + sessionId + "/opening")
                .then().statusCode(200).body("status", equalTo("OPEN"));
    }

    /** Sessions open on their day only: the clock goes to 08:00 in China that day (the sessions start 08:30). */
    static void openOnItsDay(MovableClock clock, String sessionId, LocalDate day) {
        clock.moveTo(day.atTime(8, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
        open(sessionId);
    }

    @Inject
    MovableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aSessionIsAnnouncedAtLeastSevenDaysAheadAndListedPublicly() {
        String tooLate = create(session("341621", TODAY.plusDays(6), "张晓"));
        given().auth().oauth2(TestTokens.supervisor("34")).post("/reception-sessions/" + tooLate + "/publication")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://petitions.gov.example/problems/publication-too-late"))
                .body("detail", containsString("7 days"));

        String inTime = create(session("341621", TODAY.plusDays(8), "张晓"));
        publish(inTime);
        given().auth().oauth2(TestTokens.supervisor("34")).post("/reception-sessions/" + inTime + "/publication")
                .then().statusCode(409).body("detail", containsString("PUBLISHED"));

        given().queryParam("county", "3416").get("/public/reception-sessions").then().statusCode(200)
                .body("sessionId", hasItem(inTime))
                .body("sessionId", not(hasItem(tooLate)))
                .body("find { it.sessionId == '" + inTime + "' }.countyName", equalTo("涡阳县"))
                .body("find { it.sessionId == '" + inTime + "' }.desks.size()", equalTo(2));

        String atom = given().queryParam("county", "341621").get("/public/reception-sessions/feed").then().statusCode(200)
                .contentType("application/atom+xml").extract().asString();
        Document feed = parse(atom);
        assertEquals("http://www.w3.org/2005/Atom", feed.getDocumentElement().getNamespaceURI());
        NodeList ids = feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "id");
        List<String> entryIds = new ArrayList<>();
        for (int i = 0; i < ids.getLength(); i++) {
            entryIds.add(ids.item(i).getTextContent());
        }
        assertTrue(entryIds.contains("urn:uuid:" + inTime), atom);
        assertTrue(!entryIds.contains("urn:uuid:" + tooLate), "a draft is not announced");
        assertTrue(atom.contains("市委书记张晓公开接访"), atom);

        // staff see drafts too
        given().auth().oauth2(TestTokens.clerk()).queryParam("county", "341621").get("/reception-sessions")
                .then().statusCode(200).body("sessionId", hasItem(tooLate)).body("sessionId", hasItem(inTime));

        given().contentType(ContentType.JSON).body(session("341621", TODAY.plusDays(9), "张晓"))
                .post("/reception-sessions").then().statusCode(401);
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(session("341621", TODAY.plusDays(9), "张晓"))
                .post("/reception-sessions").then().statusCode(403);
        Map<String, Object> backwards = session("341621", TODAY.plusDays(9), "张晓");
        backwards.put("endsAt", "07:00");
        given().auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON).body(backwards)
                .post("/reception-sessions").then().statusCode(400).body("violations.field", hasItem("endingAfterStart"));
    }

    @Test
    void everyTicketIsRegisteredOrCarriedOverToTheNextMorning() {
        // a county and day of its own, so queues of other tests and earlier runs never mix in
        String county = randomCounty();
        LocalDate day = TODAY.plusDays(20 + java.util.concurrent.ThreadLocalRandom.current().nextInt(300));
        String session = create(session(county, day, "王为民"));
        publish(session);
        // the next morning's session is announced a week ahead too
        String nextMorning = create(session(county, day.plusDays(1), "王为民"));
        publish(nextMorning);
        openOnItsDay(clock, session, day);

        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            numbers.add(given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + session + "/tickets")
                    .then().statusCode(201).body("status", equalTo("WAITING")).extract().path("number"));
        }
        assertEquals(List.of(1, 2, 3, 4), numbers);

        JsonPath first = call(session, 1);
        assertEquals(1, first.getInt("number"));
        Map<String, Object> visit = new HashMap<>(Map.of("categoryCode", "labour-wages", "locationCode", county,
                "summary", "讨要工资", "personCount", 1, "receivedByLeader", true,
                "petitioner", Bodies.person("胡海", Bodies.mobile(), null)));
        String petitionId = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(visit)
                .post("/reception-sessions/" + session + "/tickets/" + first.getString("ticketId") + "/registration")
                .then().statusCode(201).extract().path("petitionId");
        JsonNode event = RegisteredEvents.of(petitionId);
        assertEquals("WALK_IN", event.get("channel").asText());
        assertEquals("王为民", event.get("receivedByLeader").asText(), "flagged with the leader who received the visitor");
        given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + petitionId).then()
                .body("receptionSessionId", equalTo(session)).body("receivedByLeader", equalTo("王为民"));

        // registering the same ticket twice is refused: the ticket is no longer at a desk
        given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(visit)
                .post("/reception-sessions/" + session + "/tickets/" + first.getString("ticketId") + "/registration")
                .then().statusCode(409).body("type", containsString("ticket-not-called"));

        JsonPath second = call(session, 2);
        assertEquals(2, second.getInt("number"));
        given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + session + "/closing")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("[2]"));
        given().auth().oauth2(TestTokens.clerk())
                .post("/reception-sessions/" + session + "/tickets/" + second.getString("ticketId") + "/return")
                .then().statusCode(200).body("status", equalTo("WAITING"));

        JsonPath report = given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + session + "/closing")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, report.getInt("registered"));
        assertEquals(List.of(2, 3, 4), report.getList("carriedOver.number"));
        assertEquals(List.of(1, 2, 3), report.getList("carriedOver.newNumber"));
        assertEquals(List.of(day.plusDays(1).toString(), day.plusDays(1).toString(), day.plusDays(1).toString()),
                report.getList("carriedOver.toQueue"));

        // the next morning: carried-over visitors are called first, before the day's own tickets
        openOnItsDay(clock, nextMorning, day.plusDays(1));
        int newcomer = given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + nextMorning + "/tickets")
                .then().statusCode(201).extract().path("number");
        assertEquals(4, newcomer, "numbers continue after the carried-over tickets");
        given().auth().oauth2(TestTokens.clerk()).get("/reception-sessions/" + nextMorning + "/queue").then().statusCode(200)
                .body("number", equalTo(List.of(1, 2, 3, 4)))
                .body("carriedOver", equalTo(List.of(true, true, true, false)));
        JsonPath carried = call(nextMorning, 2);
        assertTrue(carried.getBoolean("carriedOver"));
        assertEquals(1, carried.getInt("number"));
    }

    @Test
    void ticketsAreOnlyIssuedForAnOpenSessionAndDesksMustExist() {
        String draft = create(session(randomCounty(), TODAY.plusDays(8), "李想"));
        given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + draft + "/tickets")
                .then().statusCode(409).body("detail", containsString("DRAFT"));
        publish(draft);
        openOnItsDay(clock, draft, TODAY.plusDays(8));
        given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + draft + "/desks/3/next-ticket")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + draft + "/desks/1/next-ticket")
                .then().statusCode(204);
        given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + java.util.UUID.randomUUID() + "/tickets")
                .then().statusCode(404).contentType("application/problem+json");
    }

    static String randomCounty() {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(ReceptionSessionTest.class
                .getResourceAsStream("/divisions/34/counties.csv"), StandardCharsets.UTF_8)).lines()) {
            List<String> counties = lines.skip(1).map(l -> l.split(",")[0]).filter(c -> c.matches("^34[0-9]{4}$")).toList();
            return counties.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(counties.size()));
        }
    }

    private static JsonPath call(String session, int desk) {
        return given().auth().oauth2(TestTokens.clerk()).post("/reception-sessions/" + session + "/desks/" + desk + "/next-ticket")
                .then().statusCode(200).body("status", equalTo("CALLED")).body("desk", equalTo(desk)).extract().jsonPath();
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + xml, e);
        }
    }
}
