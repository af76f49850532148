package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.intake.service.PetitionRegistration;
import gov.petitions.intake.service.TextSimilarity;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Repeat petitions (重复信访): the same person (by ID number, else phone), the same category and county, and a
 * description at least 0.5 alike (bigram Dice) within 180 days link to the first petition; anything else does not.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class RepeatPetitionTest {

    private static final String WAGES = "建筑工地拖欠农民工工资八个月，包工头失联，要求支付工资";
    private static final String WAGES_AGAIN = "工地拖欠农民工工资已经八个月，包工头联系不上，请求尽快支付工资";
    private static final String INJURY = "在工地摔伤，申请工伤认定被拒绝，医药费无人承担";

    @Inject
    EntityManager entityManager;

    @Test
    void theSimilarityRuleSeparatesNearDuplicatesFromOtherMatters() {
        assertTrue(TextSimilarity.dice(WAGES, WAGES_AGAIN) >= 0.5, "reworded, same matter");
        assertTrue(TextSimilarity.dice(WAGES, INJURY) < 0.5, "same category, another matter");
        assertEquals(1.0, TextSimilarity.dice("拖欠工资！", "拖欠 工资"), 1e-9, "punctuation and spaces do not count");
    }

    @Test
    void theSamePersonWithTheSameMatterIsLinkedToTheFirstPetition() {
        String id = Bodies.idNumber();
        JsonNode first = register("labour-wages", "341302001", WAGES, Bodies.person("周强", Bodies.mobile(), id));
        // a new phone, the same ID number: the same person
        JsonNode second = register("labour-wages", "341302002", WAGES_AGAIN, Bodies.person("周强", Bodies.mobile(), id));
        JsonNode third = register("labour-wages", "341302", WAGES, Bodies.person("周强", Bodies.mobile(), id));

        assertFalse(first.hasNonNull("repeatOf"));
        assertEquals(first.get("petitionId").asText(), second.get("repeatOf").asText(), "same county, reworded");
        assertEquals(first.get("petitionId").asText(), third.get("repeatOf").asText(), "a chain points at its first petition");
        assertEquals(first.get("petitionerRef").asText(), third.get("petitionerRef").asText());
        assertEquals(2, third.get("priorPetitions").asInt());
    }

    @Test
    void withoutAnIdNumberThePhoneRecognisesThePerson() {
        String phone = Bodies.mobile();
        JsonNode first = register("labour-wages", "340102", WAGES, Bodies.person("郑敏", phone, null));
        JsonNode second = register("labour-wages", "340102", WAGES_AGAIN, Bodies.person("郑敏", phone, null));
        assertEquals(first.get("petitionId").asText(), second.get("repeatOf").asText());
    }

    @Test
    void otherMattersOtherPlacesAndOtherPeopleAreNotRepeats() {
        String id = Bodies.idNumber();
        String phone = Bodies.mobile();
        JsonNode first = register("labour-wages", "341302", WAGES, Bodies.person("冯军", phone, id));

        JsonNode otherMatter = register("labour-wages", "341302", INJURY, Bodies.person("冯军", phone, id));
        JsonNode otherCategory = register("social-security", "341302", WAGES, Bodies.person("冯军", phone, id));
        JsonNode otherCounty = register("labour-wages", "341321", WAGES, Bodies.person("冯军", phone, id));
        // the same text from someone else: a neighbour on the same site is not a repeat petitioner
        JsonNode otherPerson = register("labour-wages", "341302", WAGES, Bodies.person("冯军", Bodies.mobile(), Bodies.idNumber()));
        // the same phone with a different ID number is another member of the family
        JsonNode family = register("labour-wages", "341302", WAGES, Bodies.person("冯丽", phone, Bodies.idNumber()));

        for (JsonNode notRepeat : new JsonNode[]{otherMatter, otherCategory, otherCounty, otherPerson, family}) {
            assertFalse(notRepeat.hasNonNull("repeatOf"), notRepeat.toString());
        }
        assertEquals(first.get("petitionerRef").asText(), otherMatter.get("petitionerRef").asText(),
                "a different matter of the same person is counted as theirs, not as a repeat");
        assertFalse(first.get("petitionerRef").asText().equals(family.get("petitionerRef").asText()));
    }

    /**
     * Issue #20: the check runs for every registration of a known person, so it must read the person's petitions of
     * the category and nothing else. A benchmark found it going through the category's indexes instead (hundreds of
     * tuples a registration) with no statistics at all (the benchmark's server ran without autovacuum); with them,
     * the plan must range over one index on the person and the category together.
     */
    @Test
    void theRepeatCheckRangesOverThePersonsPetitionsOfTheCategoryOnly() throws Exception {
        String id = Bodies.idNumber();
        String person = register("labour-wages", "341302", WAGES, Bodies.person("吴刚", Bodies.mobile(), id))
                .get("petitionerRef").asText();
        // with statistics, as autovacuum keeps them in any deployment (the test server runs without it: a table it
        // believes empty makes every index look alike, and the smallest wins)
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("analyze petition").executeUpdate());
        String plan = QuarkusTransaction.requiringNew().call(() -> String.valueOf(entityManager
                .createNativeQuery("explain (format json) " + PetitionRegistration.REPEAT_CHECK)
                .setParameter("person", UUID.fromString(person)).setParameter("category", "labour-wages")
                .setParameter("since", OffsetDateTime.now().minusDays(180)).getSingleResult()));
        List<String> conditions = new ArrayList<>();
        new ObjectMapper().readTree(plan).findValues("Index Cond").forEach(c -> conditions.add(c.asText()));
        assertTrue(conditions.stream().anyMatch(c -> c.contains("petitioner_id") && c.contains("category_code")),
                "no index scan bounded by person and category together: " + plan);
    }

    private static JsonNode register(String category, String location, String text, Map<String, Object> person) {
        Map<String, Object> body = Bodies.petition("WALK_IN", category, location, text.substring(0, 10), person);
        body.put("content", text);
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        return RegisteredEvents.of(id);
    }
}
