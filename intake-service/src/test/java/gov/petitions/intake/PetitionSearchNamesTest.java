package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #22, search (检索) by the names of a petition's category (信访事项分类) and place (行政区划) when its own text
 * does not say them: county, township and city names, category names and their other names, ranking below the text,
 * the matched field shown and marked, the same scope (jurisdiction and recusal, counts included), and hostile input.
 * Each test marks its petitions with a random word of its own, so petitions of earlier runs and other tests (there
 * are many in 合肥 and under 劳动和社会保障) do not blur the counts.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class PetitionSearchNamesTest {

    @Inject
    EntityManager entityManager;

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

    private static String register(String location, String category, String summary, List<Map<String, Object>> accused) {
        Map<String, Object> body = Bodies.petition("WALK_IN", category, location, summary,
                Bodies.person("陈某", Bodies.mobile(), null));
        if (accused != null) {
            body.put("accused", accused);
        }
        return given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(body)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
    }

    private static JsonPath search(String token, String q) {
        return given().auth().oauth2(token).queryParam("q", q).queryParam("size", 50).get("/petitions/search").then()
                .statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    /** The ids found, checking that the count agrees with what is listed. */
    private static Set<String> found(String token, String q) {
        JsonPath result = search(token, q);
        List<String> ids = result.getList("items.petitionId");
        assertEquals(ids.size(), result.getInt("total"), "total and items disagree for " + q);
        return Set.copyOf(ids);
    }

    @Test
    void countyTownshipAndCityNamesFindTheCasesRegisteredThere() {
        String word = uniqueWord();
        String feidong = register("340122", "labour-wages", word + "某厂欠款未付", null); // 合肥市肥东县
        String cuozhen = register("340122101", "urban-construction", word + "道路破损", null); // 肥东县撮镇镇
        String yaohai = register("340102", "environment", word + "夜间施工", null); // 合肥市瑶海区
        register("341302", "urban-construction", word + "道路积水", null); // 宿州市埇桥区
        String province = TestTokens.supervisor("34");
        assertEquals(Set.of(feidong, cuozhen), found(province, word + " 肥东"));
        assertEquals(Set.of(feidong, cuozhen), found(province, word + " 肥东县"));
        assertEquals(Set.of(cuozhen), found(province, word + " 撮镇"));
        assertEquals(Set.of(cuozhen), found(province, word + " 撮镇镇"));
        // the city's name finds every county's and township's case under it
        assertEquals(Set.of(feidong, cuozhen, yaohai), found(province, word + " 合肥"));
        assertEquals(Set.of(feidong, cuozhen, yaohai), found(province, word + " 合肥市"));
        // the path as an address is written, and a name run into the other words without a space
        assertEquals(Set.of(feidong, cuozhen), found(province, word + " 合肥市肥东县"));
        assertEquals(Set.of(cuozhen), found(province, word + "撮镇道路"));
        // every term must still match: a place the case is not in excludes it
        assertEquals(Set.of(), found(province, word + " 瑶海 肥东"));
    }

    @Test
    void categoryNamesFindTheCasesFiledUnderThem() {
        String word = uniqueWord();
        String wages = register("340122", "labour-wages", word + "老板跑路三个月", null);
        String school = register("340122", "education", word + "校车超载", null);
        String wagesElsewhere = register("341302", "labour-wages", word + "工地停工", null);
        String province = TestTokens.supervisor("34");
        assertEquals(Set.of(wages, wagesElsewhere), found(province, word + " 拖欠工资")); // another name of it
        assertEquals(Set.of(wages, wagesElsewhere), found(province, word + " 劳动保障"));
        assertEquals(Set.of(wages, wagesElsewhere), found(province, word + " 劳动和社会保障")); // its own name
        assertEquals(Set.of(wages, wagesElsewhere), found(province, word + " 欠薪"));
        assertEquals(Set.of(school), found(province, word + " 教育"));
        // the example: a place and a category, with a space or run together, the text saying neither
        assertEquals(Set.of(wages), found(province, word + " 肥东 拖欠工资"));
        assertEquals(Set.of(wages), found(province, word + " 肥东拖欠工资"));
        assertEquals(Set.of(wages), found(province, word + " 肥东县工资被拖欠"));
    }

    @Test
    void recallOnHowClerksPhraseAPlaceAndAMatter() {
        String word = uniqueWord();
        // filed under 劳动和社会保障 in 撮镇镇, 肥东县, its text in a petitioner's words: no place, no category name
        String id = register("340122101", "labour-wages", word + "包工头跑路三个月没发钱", null);
        List<String> found = List.of("肥东县拖欠工资", "肥东 欠薪", "合肥市肥东县 讨薪", "撮镇 工资拖欠", "撮镇镇拖欠工资",
                "合肥 劳动保障", "肥东劳动争议", "包工头跑路 肥东", "肥东县工资被拖欠", "拖欠工资撮镇");
        for (String q : found) {
            assertEquals(Set.of(id), found(TestTokens.supervisor("34"), word + " " + q), q);
        }
        // known misses: a word in neither the text nor a name (农民工), another place, another matter
        for (String q : List.of("肥东县农民工工资被拖欠", "瑶海 拖欠工资", "肥东 征地拆迁")) {
            assertEquals(Set.of(), found(TestTokens.supervisor("34"), word + " " + q), q);
        }
    }

    @Test
    void aRebuildReadsTheCategoriesNamesAgainAtOnce() throws InterruptedException {
        String word = uniqueWord();
        String otherName = uniqueWord(); // a name no category has, and no petition says
        String id = register("340122", "education", word + "校车超载", null);
        String province = TestTokens.supervisor("34");
        assertEquals(Set.of(), found(province, word + " " + otherName)); // the names are read (cached a minute)
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "insert into category_search_name (category_code, name) values ('education', :name)")
                .setParameter("name", otherName).executeUpdate());
        try {
            assertEquals(Set.of(), found(province, word + " " + otherName), "read before the minute is over");
            awaitNoRebuild();
            given().auth().oauth2(ADMIN).post("/internal/search/rebuild").then().statusCode(202);
            assertEquals(Set.of(id), found(province, word + " " + otherName));
            awaitNoRebuild(); // the read model's part, before any other test starts one
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                    "delete from category_search_name where name = :name").setParameter("name", otherName)
                    .executeUpdate());
        }
    }

    private static final String ADMIN = TestTokens.token("admin-1", Set.of("admin"), null, null);

    private static void awaitNoRebuild() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while ("RUNNING".equals(given().auth().oauth2(ADMIN).get("/internal/search/rebuild").then().statusCode(200)
                .extract().path("state"))) {
            assertTrue(Instant.now().isBefore(deadline), "a rebuild still running");
            Thread.sleep(200);
        }
    }

    @Test
    void theMatchedFieldsAreNamedAndMarked() {
        String word = uniqueWord();
        String id = register("340122101", "labour-wages", word + "老板跑路", null);
        JsonPath result = search(TestTokens.supervisor("34"), word + " 撮镇 拖欠工资");
        assertEquals(List.of(id), result.getList("items.petitionId"));
        assertEquals(List.of("summary", "category", "place"), result.getList("items[0].matchedIn"));
        assertEquals(List.of("劳动和社会保障（欠薪） · ", "拖欠工资"), result.getList("items[0].categoryName.text"));
        assertEquals(List.of(false, true), result.getList("items[0].categoryName.hit"));
        assertEquals(List.of("安徽省合肥市肥东县", "撮镇", "镇"), result.getList("items[0].placeName.text"));
        assertEquals(List.of(false, true, false), result.getList("items[0].placeName.hit"));
        assertEquals(List.of(word, "老板跑路"), result.getList("items[0].summary.text"));
        assertEquals(List.of(true, false), result.getList("items[0].summary.hit"));
        // the city's name marked in the path, nothing in a category it did not match
        JsonPath city = search(TestTokens.supervisor("34"), word + " 合肥市");
        assertEquals(List.of("summary", "place"), city.getList("items[0].matchedIn"));
        assertEquals(List.of("安徽省", "合肥市", "肥东县撮镇镇"), city.getList("items[0].placeName.text"));
        assertEquals(List.of("劳动和社会保障（欠薪）"), city.getList("items[0].categoryName.text"));
        assertEquals(List.of(false), city.getList("items[0].categoryName.hit"));
    }

    @Test
    void aMatchInThePetitionsOwnTextOutranksAMatchOnlyInAName() {
        String word = uniqueWord();
        // registered first: among equal matches the newer would come first, so only the rank puts it ahead
        String saysIt = register("341302", "education", word + "肥东县来的工人讨薪", null);
        String filed = register("340122", "labour-wages", word + "工地停工", null);
        for (String q : List.of(word + " 肥东", word + " 讨薪", word + "肥东讨薪")) {
            JsonPath result = search(TestTokens.supervisor("34"), q);
            assertEquals(List.of(saysIt, filed), result.getList("items.petitionId"), q);
            assertTrue(result.getDouble("items[0].score") > result.getDouble("items[1].score"), q);
        }
        JsonPath result = search(TestTokens.supervisor("34"), word + " 肥东");
        assertEquals(List.of("summary"), result.getList("items[0].matchedIn"));
        assertEquals(List.of("summary", "place"), result.getList("items[1].matchedIn"));
    }

    @Test
    void aCallerOfAnotherCountyNeitherSeesNorCountsThem() {
        String word = uniqueWord();
        String feidong = register("340122", "labour-wages", word + "欠款", null);
        String cuozhen = register("340122101", "labour-wages", word + "欠款", null);
        String yaohai = register("340102", "labour-wages", word + "欠款", null);
        // another city's county: nothing, counted as nothing
        JsonPath other = search(TestTokens.clerk("341302"), word + " 合肥 拖欠工资");
        assertEquals(0, other.getInt("total"));
        assertEquals(List.of(), other.getList("items"));
        // the same city's other county: its own case only
        assertEquals(Set.of(yaohai), found(TestTokens.clerk("340102"), word + " 合肥 拖欠工资"));
        assertEquals(Set.of(), found(TestTokens.clerk("340102"), word + " 肥东"));
        assertEquals(Set.of(feidong, cuozhen), found(TestTokens.clerk("340122"), word + " 合肥 拖欠工资"));
        // a township's supervisor: the township's case only, though its county's name matches both
        assertEquals(Set.of(cuozhen), found(TestTokens.supervisor("340122101"), word + " 肥东"));
        assertEquals(Set.of(feidong, cuozhen, yaohai), found(TestTokens.supervisor("3401"), word + " 合肥"));
    }

    @Test
    void anAccusationIsNotFoundByItsPlaceNameInTheAccusedUnitsOwnJurisdiction() {
        String word = uniqueWord();
        String id = register("340122101", "labour-wages", word + "举报克扣补贴",
                List.of(Map.of("name", "肥东县人社局", "kind", "UNIT", "unitCode", "340122-RSJ")));
        for (String token : List.of(TestTokens.clerk("340122"), TestTokens.supervisor("340122"),
                TestTokens.supervisor("340122101"))) {
            for (String q : List.of(word + " 撮镇", word + " 肥东 拖欠工资", word)) {
                JsonPath result = search(token, q);
                assertEquals(0, result.getInt("total"), q);
                assertEquals(List.of(), result.getList("items"), q);
            }
        }
        assertEquals(Set.of(id), found(TestTokens.supervisor("3401"), word + " 撮镇"));
    }

    @Test
    void hostileQueriesAreProblemsOrFindNothingNeverAFailure() {
        String word = uniqueWord();
        register("340122", "labour-wages", word + "欠款", null);
        String token = TestTokens.supervisor("34");
        for (Map<String, Object> params : List.<Map<String, Object>>of(Map.of("q", "肥东".repeat(5_000)),
                Map.of("q", "合".repeat(10_000)), Map.of("q", ""), Map.of("q", ";；。 ,"), Map.of("q", "肥东\u0000"))) {
            int status = given().auth().oauth2(token).queryParams(params).get("/petitions/search").then()
                    .contentType("application/problem+json").extract().statusCode();
            assertEquals(400, status, params.toString().substring(0, Math.min(40, params.toString().length())));
        }
        for (String q : List.of("%_\\'\";--", ";;;--", "肥东%", "肥东_", "合肥.*", "(肥东", "肥东' or '1'='1", "肥东\\",
                "安徽省合肥市肥东县撮镇镇拖欠工资劳动保障教育环境污染社保低保", "肥东".repeat(50))) {
            given().auth().oauth2(token).queryParam("q", q).get("/petitions/search").then().statusCode(200)
                    .contentType(ContentType.JSON);
        }
        // metacharacters are literal: they match no name, so with the word nothing is found
        for (String q : List.of(word + " %_\\'\";--", word + " 肥东%", word + " 肥_", word + " 合肥.*")) {
            assertEquals(0, search(token, q).getInt("total"), q);
        }
        assertEquals(1, search(token, word + " 肥东").getInt("total"));
        // a name every petition in the caller's subtree is under narrows nothing, and finds without failing
        assertEquals(1, search(token, word + " 安徽").getInt("total"));
        assertEquals(1, search(TestTokens.clerk("340122"), word + " 肥东县").getInt("total"));
        JsonPath everything = search(token, "安徽");
        assertTrue(everything.getInt("total") >= 1);
        assertEquals(List.of("place"), everything.getList("items[0].matchedIn"));
    }
}
