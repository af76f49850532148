package gov.petitions.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of random and hostile bodies: none gets a 5xx, every refusal is problem+json, and only the bodies
 * that were accepted (201) left a petition and an event behind. The seed is printed so a failure can be replayed
 * (-Dfuzz.seed=...).
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NASTY = {
            "", " ", "\u0000", "a\u0007b", "\u202Eevil", "\uD800", "\uDC00x", "\uFEFF", "\t", "名字\n第二行",
            "'; drop table petition; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}", "%00", "../../etc/passwd",
            "😀😀😀", "x".repeat(501), "名".repeat(20_001), "null", "0", "-1", "1e309", "NaN", "99999999999999999999",
            "XF20261126000001", "34130", "3413020011", "110101", "labour_wages", "LABOUR-WAGES", "WALK_IN", "ONLINE",
            "2026-02-30", "13800000000", "1380000000", "340102199001011234", "34010219900101123X",
            "某某\u200B公司", "\u2066隔离\u2069", "\u200E标记", "\uDB40\uDC41tag", "\uE000私用", "\uFDD0"
    };

    /** Invisible characters: zero-width, bidi marks/embeddings/overrides/isolates, tags, private use, noncharacters. */
    private static final String[] INVISIBLE = {
            "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C",
            "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u061C", "\u180E",
            new String(Character.toChars(0xE0000)), new String(Character.toChars(0xE0041)), new String(Character.toChars(0xE007F)),
            "\uE000", "\uF8FF", new String(Character.toChars(0xF0000)), new String(Character.toChars(0x10FFFD)), "\uFFFE"
    };

    @Test
    void randomAndHostileBodiesNeverCauseA5xxNorLeaveAnythingBehind() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("HostileInputTest seed " + seed);
        Random random = new Random(seed);
        long petitionsBefore = count("select count(*) from petition");
        long eventsBefore = count("select count(*) from outbox_event where topic = 'petition.registered'");
        int accepted = 0;
        int sent = 0;
        for (int i = 0; i < 2500; i++) {
            Target target = Target.values()[random.nextInt(Target.values().length)];
            byte[] body = hostileBody(random, target);
            String contentType = random.nextInt(20) == 0
                    ? List.of("text/plain", "application/xml", "application/octet-stream", "application/json; charset=latin1").get(random.nextInt(4))
                    : "application/json";
            RequestSpecification request = given().contentType(contentType).body(body);
            if (target.token != null) {
                request = request.auth().oauth2(target.token);
            }
            Response response = request.post(target.path);
            sent++;
            int status = response.statusCode();
            if (status >= 500) {
                fail("seed " + seed + ": " + status + " for " + target.path + " with " + printable(body) + " -> " + response.asString());
            }
            if (status >= 400) {
                assertTrue(response.contentType().startsWith("application/problem+json"),
                        "seed " + seed + ": " + status + " without problem+json for " + printable(body));
            } else if (status == 201 && target.registers) {
                accepted++;
            }
        }
        System.out.printf("HostileInputTest: %d requests, %d accepted registrations%n", sent, accepted);
        assertEquals(accepted, count("select count(*) from petition") - petitionsBefore,
                "a petition for every accepted registration and none for a refused one");
        assertEquals(accepted, count("select count(*) from outbox_event where topic = 'petition.registered'") - eventsBefore,
                "an event for every accepted registration and none for a refused one");
        assertTrue(accepted > 0, "some mutations are still well-formed: the generator is not only producing garbage");
    }

    @Test
    void unknownFieldsWrongTypesAndControlCharactersAreNamed() {
        Map<String, Object> unknown = valid();
        unknown.put("priority", "VIP");
        given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(unknown).post("/petitions")
                .then().statusCode(400).contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("priority"));

        Map<String, Object> wrongType = valid();
        wrongType.put("personCount", "three");
        given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(wrongType).post("/petitions")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("personCount"));

        Map<String, Object> control = valid();
        control.put("petitioner", Bodies.person("王\u0000五", Bodies.mobile(), null));
        given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(control).post("/petitions")
                .then().statusCode(400).body("violations.field", hasItem("petitioner.name"));

        Map<String, Object> bidi = valid();
        bidi.put("summary", "正常\u202E文字");
        given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(bidi).post("/petitions")
                .then().statusCode(400).body("violations.field", hasItem("summary"));

        Map<String, Object> tooMany = valid();
        tooMany.put("personCount", 10_001);
        given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(tooMany).post("/petitions")
                .then().statusCode(400).body("violations.field", hasItem("personCount"));
    }

    @Test
    void invisibleCharactersAreRefusedInEveryTextFieldSoOneCompanyStaysOne() {
        long before = count("select count(*) from petition");
        for (String invisible : INVISIBLE) {
            String hex = Integer.toHexString(invisible.codePointAt(0));
            Map<String, Object> accused = valid();
            accused.put("categoryCode", "discipline");
            accused.put("accused", List.of(Map.of("name", "宿州某某建设" + invisible + "有限公司", "kind", "UNIT")));
            given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(accused).post("/petitions")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem("accused[0].name"));

            Map<String, Object> online = new HashMap<>(Map.of("categoryCode", "education", "locationCode", "340102",
                    "summary", "学区" + invisible + "问题", "petitioner", Bodies.person("李" + invisible + "梅", Bodies.mobile(), null)));
            Response response = given().contentType("application/json").body(online).post("/public/petitions");
            assertEquals(400, response.statusCode(), "U+" + hex);
            assertTrue(response.jsonPath().getList("violations.field").containsAll(List.of("summary", "petitioner.name")),
                    "U+" + hex + ": " + response.asString());

            given().contentType("application/json").body(Map.of("trackingNumber", "XF20260101000001", "queryCode",
                            "ABCDEFGHJKMNP", "satisfied", false, "comment", "不满意" + invisible))
                    .post("/public/evaluations").then().statusCode(400).body("violations.field", hasItem("comment"));
        }
        assertEquals(before, count("select count(*) from petition"), "nothing registered");

        // visible text of every script still passes, emoji and supplementary ideographs included
        Map<String, Object> fine = valid();
        fine.put("summary", "𠀀𪚥 ئۇيغۇر ᠮᠣᠩᠭᠣᠯ བོད་ 😀 Ａ公司");
        given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(fine).post("/petitions")
                .then().statusCode(201);
    }

    @Test
    void invalidUtf8OversizedBodiesAndOtherMediaTypesAreRefusedAsProblems() throws Exception {
        byte[] valid = JSON.writeValueAsBytes(valid());
        byte[] broken = new String(valid, StandardCharsets.UTF_8).replace("重试", "XX").getBytes(StandardCharsets.UTF_8);
        int at = new String(broken, StandardCharsets.ISO_8859_1).indexOf("XX");
        broken[at] = (byte) 0xC3;
        broken[at + 1] = (byte) 0x28; // an invalid two-byte sequence
        given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(broken).post("/petitions")
                .then().statusCode(400).contentType("application/problem+json");

        Map<String, Object> huge = valid();
        huge.put("content", "长".repeat(200_000));
        given().auth().oauth2(TestTokens.clerk()).contentType("application/json").body(huge).post("/petitions")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));

        given().auth().oauth2(TestTokens.clerk()).contentType("text/plain").body("hello").post("/petitions")
                .then().statusCode(415).contentType("application/problem+json");
    }

    private static Map<String, Object> valid() {
        return Bodies.petition("WALK_IN", "labour-wages", "341302", "重试也不重复", Bodies.person("魏东", Bodies.mobile(), null));
    }

    private enum Target {
        STAFF("/petitions", TestTokens.clerk(), true),
        ONLINE("/public/petitions", null, true),
        LOOKUP("/public/status-lookups", null, false),
        SESSION("/reception-sessions", TestTokens.supervisor("34"), false),
        EVALUATION("/public/evaluations", null, false);

        final String path;
        final String token;
        final boolean registers;

        Target(String path, String token, boolean registers) {
            this.path = path;
            this.token = token;
            this.registers = registers;
        }
    }

    private static byte[] hostileBody(Random random, Target target) throws Exception {
        switch (random.nextInt(10)) {
            case 0: { // random bytes, often invalid UTF-8
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1: { // truncated JSON
                byte[] valid = JSON.writeValueAsBytes(template(target, random));
                return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            }
            case 2: // deep nesting
                return ("[".repeat(random.nextInt(5000))).getBytes(StandardCharsets.UTF_8);
            default: { // a well-formed body with some fields mutated
                Map<String, Object> body = template(target, random);
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    mutate(body, random);
                }
                return JSON.writeValueAsBytes(body);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void mutate(Map<String, Object> body, Random random) {
        List<String> keys = new ArrayList<>(body.keySet());
        String key = keys.isEmpty() ? "x" : keys.get(random.nextInt(keys.size()));
        Object current = body.get(key);
        if (current instanceof Map<?, ?> nested && random.nextBoolean()) {
            mutate((Map<String, Object>) nested, random);
            return;
        }
        switch (random.nextInt(8)) {
            case 0 -> body.remove(key);
            case 1 -> body.put(key, NASTY[random.nextInt(NASTY.length)]);
            case 2 -> body.put(key, random.nextInt() * (random.nextBoolean() ? 1L : 1_000_000_000_000L));
            case 3 -> body.put(key, random.nextBoolean() ? null : random.nextBoolean());
            case 4 -> body.put(key, List.of(NASTY[random.nextInt(NASTY.length)], 1, Map.of()));
            case 5 -> body.put(key, new HashMap<>(Map.of("nested", NASTY[random.nextInt(NASTY.length)])));
            case 6 -> body.put("unexpected" + random.nextInt(3), "field");
            default -> body.put(key, random.nextDouble() * 1e12);
        }
    }

    private static Map<String, Object> template(Target target, Random random) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> person = new HashMap<>(Map.of("name", "测试" + random.nextInt(1000),
                "phone", String.format("139%08d", random.nextInt(100_000_000))));
        switch (target) {
            case STAFF -> {
                body.put("channel", List.of("WALK_IN", "HOTLINE").get(random.nextInt(2)));
                body.put("categoryCode", "labour-wages");
                body.put("locationCode", "341302");
                body.put("summary", "模糊测试" + random.nextInt(1000));
                body.put("personCount", 1 + random.nextInt(20));
                body.put("petitioner", person);
            }
            case ONLINE -> {
                body.put("categoryCode", "education");
                body.put("locationCode", "340102");
                body.put("summary", "模糊测试" + random.nextInt(1000));
                body.put("petitioner", person);
            }
            case LOOKUP -> {
                body.put("trackingNumber", "XF20261126" + String.format("%06d", random.nextInt(1_000_000)));
                body.put("queryCode", "ABCDEFGH");
            }
            case SESSION -> {
                body.put("leaderName", "测试");
                body.put("leaderTitle", "县长");
                body.put("level", "COUNTY");
                body.put("venue", "县信访局");
                body.put("countyCode", "341302");
                body.put("date", java.time.LocalDate.now().plusDays(30).toString());
                body.put("startsAt", "09:00");
                body.put("endsAt", "11:00");
                body.put("desks", List.of(Map.of("name", "接谈组", "staff", List.of("甲"))));
            }
            case EVALUATION -> {
                body.put("trackingNumber", "XF20261126" + String.format("%06d", random.nextInt(1_000_000)));
                body.put("queryCode", "ABCDEFGH");
                body.put("satisfied", random.nextBoolean());
            }
        }
        return body;
    }

    private static String printable(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Petition.getEntityManager()
                .createNativeQuery(sql).getSingleResult()).longValue());
    }
}
