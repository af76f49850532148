package gov.petitions.supervision;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 18, item 7: year-on-year from day one. An admin imports the province's December 2020 and December 2021 figures
 * (the article's 2,503 / 5,369 and 3,583 / 6,435); December 2021 then shows +43.15 % batches and +19.85 % person-times
 * although the ledger holds only a few of that month's petitions: imported figures are authoritative for the month and
 * jurisdiction they cover.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class VolumeImportTest {

    private static final String UTF8_CSV = "text/csv; charset=UTF-8";
    private static final String HEADER = "month,jurisdiction,channel,category,batches,persons\n";
    private static final String ARTICLE = HEADER
            + "2020-12,34,WALK_IN,other,2503,5369\n"
            + "2021-12,34,WALK_IN,other,2688,4500\n"
            + "2021-12,34,LETTER,land-acquisition,895,1935\n";

    static String admin(String jurisdiction) {
        return TestTokens.token("admin-" + jurisdiction, Set.of("admin"), null, jurisdiction);
    }

    @BeforeEach
    @AfterEach
    void noImportedDecembers() {
        // other tests count these months from registered petitions alone
        QuarkusTransaction.requiringNew().run(() -> LedgerEntry.getEntityManager().createNativeQuery(
                "delete from historical_volume where month in ('2020-12-01', '2021-12-01') and jurisdiction like '34%'").executeUpdate());
    }

    @Test
    void theArticlesDecemberFromImportedFigures() throws Exception {
        // a few petitions registered in the province in December 2021: the imported month replaces them, never adds
        QuarkusTransaction.requiringNew().run(() -> {
            var em = LedgerEntry.getEntityManager();
            em.createNativeQuery("delete from ledger_entry where received_on >= '2020-12-01' and received_on < '2021-01-01'"
                    + " or received_on >= '2021-12-01' and received_on < '2022-01-01'").executeUpdate();
            em.createNativeQuery("insert into ledger_entry (petition_id, tracking_number, status, category_code, location_code,"
                    + " person_count, registered_at, received_on, updated_at, channel) select gen_random_uuid(),"
                    + " 'XF20211210' || lpad(g::text, 6, '0'), 'REGISTERED', 'other', '340102', 2,"
                    + " timestamptz '2021-12-10 09:00+08', date '2021-12-10', now(), 'WALK_IN' from generate_series(1, 7) g").executeUpdate();
        });

        given().auth().oauth2(admin("34")).contentType("text/csv").body(ARTICLE)
                .when().post("/statistics/imports")
                .then().statusCode(200)
                .body("lines", equalTo(3)).body("inserted", equalTo(3)).body("replaced", equalTo(0)).body("unchanged", equalTo(0))
                .body("importedBy", equalTo("admin-34")).body("jurisdiction", equalTo("34"))
                .body("fileSha256", equalTo(sha256(ARTICLE)));

        volume("2021-12", null)
                .body("total.batches", equalTo(3583)).body("total.personTimes", equalTo(6435))
                .body("previousYear.batches", equalTo(2503)).body("previousYear.personTimes", equalTo(5369))
                .body("batchesChangePercent", equalTo(43.15f)).body("personTimesChangePercent", equalTo(19.85f))
                .body("imported.batches", equalTo(3583)).body("previousYearImported.batches", equalTo(2503))
                .body("byChannel.LETTER.batches", equalTo(895)).body("byChannel.WALK_IN.personTimes", equalTo(4500))
                .body("byCategory.land-acquisition.personTimes", equalTo(1935));
        // a year: each month by the same rule (here the other months' registered petitions, e.g. other tests')
        volume("2021", null).body("previousYear.batches", equalTo(2503 + beforeDecember("2020")))
                .body("total.batches", equalTo(3583 + beforeDecember("2021")));
        // a province-wide figure cannot be divided among cities: 合肥 counts its registered petitions
        volume("2021-12", "3401").body("total.batches", equalTo(7)).body("total.personTimes", equalTo(14))
                .body("imported.batches", equalTo(0)).body("previousYear.batches", equalTo(0))
                .body("batchesChangePercent", nullValue());
        // a day is never taken from monthly figures
        given().auth().oauth2(TestTokens.supervisor("34")).queryParam("period", "day").queryParam("date", "2021-12-10")
                .get("/statistics/volume").then().statusCode(200).body("total.batches", equalTo(7));

        // the same file again changes nothing; a corrected figure replaces only its key
        given().auth().oauth2(admin("34")).contentType("text/csv").body(ARTICLE).post("/statistics/imports")
                .then().statusCode(200).body("inserted", equalTo(0)).body("replaced", equalTo(0)).body("unchanged", equalTo(3));
        given().auth().oauth2(admin("34")).contentType("text/csv; charset=UTF-8")
                .body(ARTICLE.replace("2020-12,34,WALK_IN,other,2503,5369", "2020-12,34,WALK_IN,other,2500,5369"))
                .post("/statistics/imports")
                .then().statusCode(200).body("inserted", equalTo(0)).body("replaced", equalTo(1)).body("unchanged", equalTo(2));
        volume("2021-12", null).body("previousYear.batches", equalTo(2500));

        // a city's figures under the province's figure for the same month are already in it: the province's wins
        given().auth().oauth2(admin("3413")).contentType("text/csv").body(HEADER + "2021-12,3413,HOTLINE,other,100,100\n")
                .post("/statistics/imports").then().statusCode(200).body("inserted", equalTo(1));
        volume("2021-12", null).body("total.batches", equalTo(3583));
        // while 宿州 on its own is its imported figure, registered petitions there not added
        volume("2021-12", "3413").body("total.batches", equalTo(100)).body("byChannel.HOTLINE.batches", equalTo(100));

        // the audit: who, when, how many, the file's hash; an admin sees the imports within their jurisdiction only
        given().auth().oauth2(admin("34")).get("/statistics/imports").then().statusCode(200)
                .body("imports.fileSha256", hasItem(sha256(ARTICLE)))
                .body("imports[0].importedBy", equalTo("admin-3413")).body("imports[0].lines", equalTo(1))
                .body("imports[0].importedAt", containsString("+08:00"));
        given().auth().oauth2(admin("3413")).get("/statistics/imports").then().statusCode(200)
                .body("imports.jurisdiction", not(hasItem("34")));
    }

    @Test
    void everyBadLineIsNamedAndNothingIsImported() {
        String thisMonth = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        String file = HEADER
                + "2021-12,3413,WALK_IN,other,5,9\n"        // 2: fine, but not imported with the rest refused
                + "2021-12,3413,FAX,other,1,1\n"            // 3: unknown channel
                + "2021-13,3413,WALK_IN,other,1,1\n"        // 4: no such month
                + "12/2021,3413,WALK_IN,other,1,1\n"        // 5: not YYYY-MM
                + thisMonth + ",3413,WALK_IN,other,1,1\n"   // 6: not over yet
                + "2021-11,3413,WALK_IN,other,-1,1\n"       // 7: negative
                + "2021-11,3413,LETTER,other,5,4\n"         // 8: persons < batches
                + "2021-11,3415,WALK_IN,other,1,1\n"        // 9: 滁州, outside 宿州
                + "2021-12,3413,WALK_IN,other,6,9\n"        // 10: the same key as line 2
                + "2021-11,3413,WALK_IN,other,1\n"          // 11: a cell missing
                + "2021-11,3413,ONLINE,Other Things,1,1\n"  // 12: not a category code
                + "2021-11,3413,HOTLINE,other,1.5,2\n";     // 13: not a whole number
        given().auth().oauth2(admin("3413")).contentType("text/csv").body(file)
                .when().post("/statistics/imports")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Figures not imported"))
                .body("violations.field", equalTo(List.of("line 3", "line 4", "line 5", "line 6", "line 7", "line 8",
                        "line 9", "line 10", "line 11", "line 12", "line 13")))
                .body("violations.find { it.field == 'line 3' }.message", containsString("channel 'FAX'"))
                .body("violations.find { it.field == 'line 4' }.message", containsString("does not exist"))
                .body("violations.find { it.field == 'line 5' }.message", containsString("not YYYY-MM"))
                .body("violations.find { it.field == 'line 6' }.message", containsString("not over yet"))
                .body("violations.find { it.field == 'line 7' }.message", containsString("negative"))
                .body("violations.find { it.field == 'line 8' }.message", containsString("less than batches"))
                .body("violations.find { it.field == 'line 9' }.message", containsString("outside your jurisdiction 3413"))
                .body("violations.find { it.field == 'line 10' }.message", containsString("as line 2"))
                .body("violations.find { it.field == 'line 11' }.message", containsString("5 cells"))
                .body("violations.find { it.field == 'line 12' }.message", containsString("not a category code"))
                .body("violations.find { it.field == 'line 13' }.message", containsString("not a whole number"));
        QuarkusTransaction.requiringNew().run(() -> assertEquals(0L, ((Number) LedgerEntry.getEntityManager().createNativeQuery(
                "select count(*) from historical_volume where month = '2021-12-01' and jurisdiction = '3413' and channel = 'WALK_IN'")
                .getSingleResult()).longValue(), "nothing of a refused file is imported"));

        String ok = HEADER + "2001-01,3413,WALK_IN,other,1,1\n";
        // fails closed: an admin without a jurisdiction, or with an empty or malformed one, imports and sees nothing
        for (String token : List.of(TestTokens.token("admin-none", Set.of("admin"), null, null), admin(""), admin("99"))) {
            given().auth().oauth2(token).contentType("text/csv").body(ok).post("/statistics/imports")
                    .then().statusCode(403).contentType("application/problem+json").body("type", containsString("no-jurisdiction"));
            given().auth().oauth2(token).get("/statistics/imports").then().statusCode(403);
        }
        given().auth().oauth2(TestTokens.supervisor("34")).contentType("text/csv").body(ok).post("/statistics/imports")
                .then().statusCode(403);
        given().auth().oauth2(admin("3413")).contentType("application/json").body("{}").post("/statistics/imports")
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(admin("3413")).contentType("text/csv").body("month,jurisdiction,channel\n2001-01,3413,WALK_IN\n")
                .post("/statistics/imports").then().statusCode(400).body("title", equalTo("Unexpected columns"));
        given().auth().oauth2(admin("3413")).contentType("text/csv").body(HEADER).post("/statistics/imports")
                .then().statusCode(400).body("title", equalTo("No figures"));
        given().auth().oauth2(admin("3413")).contentType(UTF8_CSV).body(new byte[] {'m', (byte) 0xC3, (byte) 0x28, '\n'})
                .post("/statistics/imports").then().statusCode(400).body("title", equalTo("Not a text file in UTF-8"));
        given().auth().oauth2(admin("3413")).contentType("text/csv; charset=no-such-charset").body(ok.getBytes(StandardCharsets.UTF_8)).post("/statistics/imports")
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(admin("3413")).contentType("text/csv")
                .body(HEADER + "2001-01,3413,WALK_IN,oth\u0000er,1,1\n").post("/statistics/imports")
                .then().statusCode(400).body("violations[0].message", containsString("control"));
        StringBuilder many = new StringBuilder(HEADER);
        for (int i = 0; i < 5001; i++) {
            many.append("2001-01,3413,WALK_IN,c").append(i).append(",1,1\n");
        }
        given().auth().oauth2(admin("3413")).contentType("text/csv").body(many.toString()).post("/statistics/imports")
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Too many lines"));
        given().auth().oauth2(admin("3413")).contentType("text/csv").body(HEADER + "x".repeat(300_000))
                .post("/statistics/imports").then().statusCode(413).contentType("application/problem+json");
        // a spreadsheet's CSV: byte-order mark, CRLF, columns in its own order, a blank line at the end
        given().auth().oauth2(admin("3413")).contentType(UTF8_CSV)
                .body("\uFEFFjurisdiction,month,category,channel,persons,batches\r\n341302,2001-02,other,walk_in,3,2\r\n\r\n"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/statistics/imports").then().statusCode(200).body("lines", equalTo(1));
    }

    private static ValidatableResponse volume(String date, String jurisdiction) {
        var request = given().auth().oauth2(TestTokens.supervisor("34")).queryParam("period", date.length() == 4 ? "year" : "month")
                .queryParam("date", date);
        if (jurisdiction != null) {
            request.queryParam("jurisdiction", jurisdiction);
        }
        return request.when().get("/statistics/volume").then().statusCode(200);
    }

    /** Registered petitions of the year before December (other tests' rows), so the year test stays exact. */
    private static int beforeDecember(String year) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) LedgerEntry.getEntityManager().createNativeQuery(
                        "select count(*) from ledger_entry where received_on >= cast(:from as date) and received_on < '" + year + "-12-01'")
                .setParameter("from", LocalDate.parse(year + "-01-01")).getSingleResult()).intValue());
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
