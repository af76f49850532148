package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, full-text search (检索): recall on real Chinese phrasing, ranking, highlighting, paging, and the one scope
 * model (jurisdiction, recusal, fail closed) on what is returned and on what is counted. Each test marks its
 * petitions with a random word of its own, so petitions of earlier runs and other tests do not blur the counts.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class PetitionSearchTest {

    /** Four random CJK characters, none a particle the query is cut at: a word no other petition contains. */
    private static String uniqueWord() {
        StringBuilder word = new StringBuilder();
        while (word.length() < 4) {
            char c = (char) ThreadLocalRandom.current().nextInt(0x4E00, 0x9FA5);
            if ("被的了把与及和".indexOf(c) < 0) {
                word.append(c);
            }
        }
        return word.toString();
    }

    private static String register(String location, String summary, String content, List<Map<String, Object>> accused) {
        Map<String, Object> body = Bodies.petition("WALK_IN", "labour-wages", location, summary,
                Bodies.person("陈某", Bodies.mobile(), null));
        if (content != null) {
            body.put("content", content);
        }
        if (accused != null) {
            body.put("accused", accused);
        }
        return given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
    }

    private static JsonPath search(String token, Map<String, Object> params) {
        return given().auth().oauth2(token).queryParams(params).get("/petitions/search").then().statusCode(200)
                .contentType(ContentType.JSON).extract().jsonPath();
    }

    /** Every id the search returns, in rank order, page by page. */
    private static List<String> allIds(String token, String q) {
        List<String> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonPath result = search(token, Map.of("q", q, "size", 50, "page", page));
            List<String> items = result.getList("items.petitionId");
            ids.addAll(items);
            if (items.isEmpty() || ids.size() >= result.getLong("total")) {
                assertFalse(result.getBoolean("truncated"));
                return ids;
            }
        }
    }

    @Test
    void findsAPetitionByOtherPhrasingsOfTheSameMatter() {
        String id = register("341302", "拖欠农民工工资", "老板拖欠我们三个月的工钱", null);
        for (String q : List.of("农民工工资被拖欠", "农民工 工资", "拖欠农民工工资")) {
            assertTrue(allIds(TestTokens.clerk("341302"), q).contains(id), "not found by " + q);
        }
        // a term it does not contain excludes it: every term must match
        assertFalse(allIds(TestTokens.clerk("341302"), "农民工 工资 " + uniqueWord()).contains(id));
    }

    @Test
    void theCloserMatchRanksFirstAndMatchesAreMarkedAsTextFragments() {
        String word = uniqueWord();
        String scattered = register("341302", word + "工程款纠纷",
                "包工头已经拖欠了半年，另外还有<b>农民工工资</b>没有结清", null);
        String close = register("341302", word + "农民工工资被拖欠", null, null);
        JsonPath result = search(TestTokens.clerk("341302"), Map.of("q", word + " 农民工工资被拖欠"));
        assertEquals(2, result.getInt("total"));
        assertEquals(List.of(close, scattered), result.getList("items.petitionId"));
        // the summary as fragments: matched parts marked, markup in the petition's text stays text
        assertEquals(List.of(word + "农民工工资", "被", "拖欠"), result.getList("items[0].summary.text"));
        assertEquals(List.of(true, false, true), result.getList("items[0].summary.hit"));
        String excerpt = String.join("", result.<String>getList("items[1].excerpt.text"));
        assertTrue(excerpt.contains("<b>农民工工资</b>"), excerpt);
        assertTrue(result.<Boolean>getList("items[1].excerpt.hit").contains(true));
        // no petitioner in a result
        assertFalse(result.prettify().contains("陈"));
    }

    @Test
    void aTrackingNumberFindsItsPetitionFirst() {
        String word = uniqueWord();
        String id = register("341302", word + "反映噪音扰民", null, null);
        String tracking = given().auth().oauth2(TestTokens.clerk()).get("/petitions/" + id).then().extract().path("trackingNumber");
        JsonPath result = search(TestTokens.clerk("341302"), Map.of("q", tracking));
        assertEquals(id, result.getString("items[0].petitionId"));
        assertTrue(result.getBoolean("items[0].trackingNumberMatch"));
        assertEquals(1, search(TestTokens.clerk("3413"), Map.of("trackingNumber", tracking)).getInt("total"));
        assertEquals(0, search(TestTokens.clerk("3415"), Map.of("trackingNumber", tracking)).getInt("total"));
    }

    @Test
    void aPetitionOfAnotherCountyIsNeitherShownNorCounted() {
        String word = uniqueWord();
        String mine = register("341302", word + "道路积水", null, null);
        register("341522", word + "道路积水", null, null); // 霍邱县
        JsonPath clerk = search(TestTokens.clerk("341302"), Map.of("q", word));
        assertEquals(1, clerk.getInt("total"));
        assertEquals(List.of(mine), clerk.getList("items.petitionId"));
        assertEquals(2, search(TestTokens.supervisor("34"), Map.of("q", word)).getInt("total"));
        assertEquals(2, search(TestTokens.auditor(), Map.of("q", word)).getInt("total"));
        // a location beyond the caller's jurisdiction is refused, not silently widened
        given().auth().oauth2(TestTokens.clerk("341302")).queryParam("q", word).queryParam("location", "3415")
                .get("/petitions/search").then().statusCode(403).contentType("application/problem+json");
        assertEquals(1, search(TestTokens.supervisor("34"), Map.of("q", word, "location", "3415")).getInt("total"));
    }

    @Test
    void anAccusedUnitsOwnJurisdictionDoesNotFindTheAccusation() {
        String word = uniqueWord();
        String id = register("341322", word + "举报人社局克扣补贴",
                null, List.of(Map.of("name", "萧县人社局", "kind", "UNIT", "unitCode", "341322-RSJ")));
        for (String token : List.of(TestTokens.supervisor("341322"), TestTokens.clerk("341322"),
                TestTokens.leader("341322"), TestTokens.supervisor("341322100"))) {
            JsonPath result = search(token, Map.of("q", word));
            assertEquals(0, result.getInt("total"));
            assertEquals(List.of(), result.getList("items"));
        }
        assertEquals(List.of(id), search(TestTokens.supervisor("3413"), Map.of("q", word)).getList("items.petitionId"));
    }

    @Test
    void aCallerWithoutTheClaimTheirRoleIsScopedByIsRefused() {
        for (String jurisdiction : new String[] {null, "", "3"}) {
            given().auth().oauth2(TestTokens.token("clerk-x", Set.of("clerk"), null, jurisdiction))
                    .queryParam("q", "工资").get("/petitions/search").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.handler("341322-RSJ")).queryParam("q", "工资").get("/petitions/search")
                .then().statusCode(403);
        given().queryParam("q", "工资").get("/petitions/search").then().statusCode(401);
    }

    @Test
    void badQueriesAreProblems() {
        String token = TestTokens.clerk("341302");
        for (Map<String, Object> params : List.<Map<String, Object>>of(
                Map.of("q", "工".repeat(10_000)), Map.of("q", "a".repeat(101)), Map.of("q", "工资\u0000"),
                Map.of("q", "工资\n拖欠"), Map.of("q", "工资\u202e"), Map.of("q", "   "), Map.of(),
                Map.of("q", "工资", "size", 51), Map.of("q", "工资", "size", 0), Map.of("q", "工资", "page", -1),
                Map.of("q", "工资", "from", "2026-13-01"), Map.of("q", "工资", "from", "01/02/2026"),
                Map.of("q", "工资", "from", "2026-02-01", "to", "2026-01-01"), Map.of("q", "工资", "channel", "FAX"),
                Map.of("q", "工资", "category", "'; drop table petition; --"), Map.of("q", "工资", "location", "34%"))) {
            given().auth().oauth2(token).queryParams(params).get("/petitions/search").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(token).queryParam("q", "工".repeat(100)).get("/petitions/search").then().statusCode(200);
    }

    @Test
    void fullWidthAndCaseAreFoldedAndTheOriginalCharactersAreMarked() {
        String word = uniqueWord();
        String id = register("341302", word + "ＸＹＺ物流公司拖欠运费１２万元", null, null);
        JsonPath result = search(TestTokens.clerk("341302"), Map.of("q", word + " xyz 12万"));
        assertEquals(List.of(id), result.getList("items.petitionId"));
        assertEquals(List.of(word + "ＸＹＺ", "物流公司拖欠运费", "１２万", "元"), result.getList("items[0].summary.text"));
        assertEquals(1, search(TestTokens.clerk("341302"), Map.of("q", word, "category", "labour-wages")).getInt("total"));
        assertEquals(0, search(TestTokens.clerk("341302"), Map.of("q", word, "category", "education")).getInt("total"));
    }

    @Test
    void metacharactersAreLiteralText() {
        String word = uniqueWord();
        String percent = register("341302", word + "工资只发了50%", null, null);
        String digits = register("341302", word + "工资只发了500元", null, null);
        String underscore = register("341302", word + "账号a_b被冻结", null, null);
        String backslash = register("341302", word + "路径C:\\temp里的文件(副本)丢失 .* 'x'", null, null);
        String token = TestTokens.clerk("341302");
        assertEquals(List.of(percent), search(token, Map.of("q", word + " 50%")).getList("items.petitionId"));
        assertEquals(List.of(underscore), search(token, Map.of("q", word + " a_b")).getList("items.petitionId"));
        assertEquals(0, search(token, Map.of("q", word + " a%b")).getInt("total"));
        assertEquals(List.of(backslash), search(token, Map.of("q", word + " \\temp")).getList("items.petitionId"));
        assertEquals(List.of(backslash), search(token, Map.of("q", word + " (副本")).getList("items.petitionId"));
        assertEquals(List.of(backslash), search(token, Map.of("q", word + " .*")).getList("items.petitionId"));
        assertEquals(List.of(backslash), search(token, Map.of("q", word + " 'x'")).getList("items.petitionId"));
        assertEquals(0, search(token, Map.of("q", word + " ' or '1'='1")).getInt("total"));
        assertEquals(4, search(token, Map.of("q", word)).getInt("total"));
        assertFalse(search(token, Map.of("q", word + " 50%")).getList("items.petitionId").contains(digits));
    }

    @Test
    void pagesAddUpToTheTotal() {
        String word = uniqueWord();
        List<String> registered = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            registered.add(register("341302", word + "小区物业第" + i + "次乱收费", null, null));
        }
        String token = TestTokens.clerk("341302");
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonPath result = search(token, Map.of("q", word, "size", 3, "page", page));
            assertEquals(7, result.getInt("total"));
            assertEquals(page, result.getInt("page"));
            seen.addAll(result.getList("items.petitionId"));
        }
        assertEquals(Set.copyOf(registered), Set.copyOf(seen));
        assertEquals(7, seen.size());
        assertEquals(List.of(), search(token, Map.of("q", word, "size", 3, "page", 5)).getList("items"));
        // the newest first among equal matches
        assertEquals(registered.get(6), seen.get(0));
        given().auth().oauth2(token).queryParam("q", word).queryParam("channel", "LETTER").get("/petitions/search")
                .then().statusCode(200).body("total", equalTo(0)).body("items.petitionId", not(hasItem(seen.get(0))));
    }

    @Test
    void aWideQueryRanksTheMostRecentMatchesOnlyAndSaysThereWereMore() {
        String word = uniqueWord();
        String newest = register("341302", word + "反映工资问题", null, null);
        // 510 earlier petitions saying the same, written as registration would have, a minute apart going back
        List<String> oldest = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            var em = gov.petitions.intake.Petition.getEntityManager();
            em.createNativeQuery("""
                    insert into petition (id, tracking_number, channel, category_code, location_code, summary, content,
                        person_count, petitioner_id, registered_by, registered_at, prior_petitions, accused_unit_codes)
                    select gen_random_uuid(), 'XT' || substr(md5(random()::text || g), 1, 16), channel, category_code,
                        location_code, summary, content, 1, petitioner_id, registered_by,
                        registered_at - g * interval '1 minute', 0, '[]'::jsonb
                    from petition, generate_series(1, 510) g where id = cast(:id as uuid)""")
                    .setParameter("id", newest).executeUpdate();
            @SuppressWarnings("unchecked")
            List<Object> ids = em.createNativeQuery("select cast(id as text) from petition where search_text like :w "
                            + "order by registered_at limit 11")
                    .setParameter("w", "%" + word + "%").getResultList();
            return ids.stream().map(Object::toString).toList();
        });

        List<String> found = new ArrayList<>();
        JsonPath first = search(TestTokens.supervisor("34"), Map.of("q", word, "size", 50, "page", 0));
        assertEquals(500, first.getLong("total"), "the candidates are bounded");
        assertTrue(first.getBoolean("truncated"), "and the answer says there were more");
        for (int page = 0; page < 11; page++) {
            found.addAll(search(TestTokens.supervisor("34"), Map.of("q", word, "size", 50, "page", page))
                    .getList("items.petitionId"));
        }
        assertEquals(500, found.size());
        assertTrue(found.contains(newest));
        assertTrue(oldest.stream().noneMatch(found::contains), "the oldest matches are past the bound: " + oldest);
    }
}
