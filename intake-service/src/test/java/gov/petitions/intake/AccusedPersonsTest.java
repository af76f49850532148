package gov.petitions.intake;

import gov.petitions.intake.service.PiiCipher;
import gov.petitions.intake.service.PiiKeyRotation;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Issue #16 item 9: accused persons' names are personal data: encrypted at rest, masked in views, never in events. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class AccusedPersonsTest {

    @Inject
    PiiCipher cipher;

    @Inject
    PiiKeyRotation rotation;

    @Test
    void anAccusedPersonsNameIsEncryptedMaskedAndNeverInTheEvent() {
        Map<String, Object> report = Bodies.petition("WALK_IN", "discipline", "341302", "举报干部索要好处费",
                Bodies.person("吴明", Bodies.mobile(), null));
        report.put("accused", List.of(
                Map.of("name", "欧阳建华", "kind", "PERSON"),
                Map.of("name", "埇桥区某局", "kind", "UNIT", "unitCode", "341302-RSJ")));
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON).body(report)
                .post("/petitions").then().statusCode(201).extract().path("petitionId");

        given().auth().oauth2(TestTokens.supervisor("34")).get("/petitions/" + id).then().statusCode(200)
                .body("accused[0].kind", equalTo("PERSON"))
                .body("accused[0].name", equalTo("欧***"))
                .body("accused[1].name", equalTo("埇桥区某局"))
                .body("accused[1].unitCode", equalTo("341302-RSJ"));

        String row = QuarkusTransaction.requiringNew().call(() -> (String) Petition.getEntityManager()
                .createNativeQuery("select accused::text from petition where id = :id").setParameter("id", UUID.fromString(id))
                .getSingleResult());
        assertFalse(row.contains("欧阳建华"), "no clear name in the petition row: " + row);
        byte[] sealed = QuarkusTransaction.requiringNew().call(() -> (byte[]) Petition.getEntityManager()
                .createNativeQuery("select name_ciphertext from accused_person where petition_id = :id and ordinal = 0")
                .setParameter("id", UUID.fromString(id)).getSingleResult());
        assertEquals(cipher.currentKeyId(), PiiCipher.keyIdOf(sealed));
        assertEquals("欧阳建华", cipher.decrypt(sealed));

        String event = RegisteredEvents.recordOf(id).value();
        assertFalse(event.contains("欧阳建华") || event.contains("欧***"), "accused persons are not named in events: " + event);
    }

    @Test
    void namesWrittenInClearBeforeAreSealedAndTheRotationCoversThem() throws Exception {
        String id = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Bodies.petition("WALK_IN", "discipline", "341302", "旧数据", Bodies.person("吴明", Bodies.mobile(), null)))
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        // as intake wrote it before V5: the person's name in clear in the accused list
        QuarkusTransaction.requiringNew().run(() -> Petition.getEntityManager().createNativeQuery(
                        "update petition set accused = cast(:accused as jsonb) where id = :id")
                .setParameter("accused", "[{\"name\":\"司马光明\",\"kind\":\"PERSON\",\"unitCode\":null}]")
                .setParameter("id", UUID.fromString(id)).executeUpdate());

        // and a name sealed under the retired key 1
        String other = given().auth().oauth2(TestTokens.clerk()).contentType(ContentType.JSON)
                .body(Bodies.petition("WALK_IN", "discipline", "341302", "旧钥匙", Bodies.person("吴明", Bodies.mobile(), null)))
                .post("/petitions").then().statusCode(201).extract().path("petitionId");
        byte[] underKeyOne = sealUnderKeyOne("诸葛亮");
        QuarkusTransaction.requiringNew().run(() -> {
            Petition.getEntityManager().createNativeQuery("update petition set accused = cast(:accused as jsonb) where id = :id")
                    .setParameter("accused", "[{\"kind\":\"PERSON\"}]").setParameter("id", UUID.fromString(other)).executeUpdate();
            Petition.getEntityManager().createNativeQuery("insert into accused_person (petition_id, ordinal, name_ciphertext, "
                            + "name_masked) values (:id, 0, :name, '诸**')")
                    .setParameter("id", UUID.fromString(other)).setParameter("name", underKeyOne).executeUpdate();
        });

        String admin = TestTokens.token("admin-1", java.util.Set.of("admin"), null, null);
        given().auth().oauth2(admin).post("/internal/pii/re-encryption").then().statusCode(200);

        String row = QuarkusTransaction.requiringNew().call(() -> (String) Petition.getEntityManager()
                .createNativeQuery("select accused::text from petition where id = :id").setParameter("id", UUID.fromString(id))
                .getSingleResult());
        assertFalse(row.contains("司马光明"), row);
        given().auth().oauth2(TestTokens.supervisor("34")).get("/petitions/" + id).then().statusCode(200)
                .body("accused[0].name", equalTo("司***"));
        long underOtherKeys = QuarkusTransaction.requiringNew().call(() -> ((Number) Petition.getEntityManager()
                // this test's rows only: the database outlives test runs, and other profiles seal under other keys
                .createNativeQuery("select count(*) from accused_person where get_byte(name_ciphertext, 0) <> :key"
                        + " and petition_id in (:id, :other)")
                .setParameter("key", cipher.currentKeyId()).setParameter("id", UUID.fromString(id))
                .setParameter("other", UUID.fromString(other)).getSingleResult()).longValue());
        assertEquals(0, underOtherKeys, "the re-encryption moves accused persons' names to the current key");
        byte[] moved = QuarkusTransaction.requiringNew().call(() -> (byte[]) Petition.getEntityManager()
                .createNativeQuery("select name_ciphertext from accused_person where petition_id = :id")
                .setParameter("id", UUID.fromString(other)).getSingleResult());
        assertEquals("诸葛亮", cipher.decrypt(moved));
        assertEquals(cipher.currentKeyId(), PiiCipher.keyIdOf(moved));
    }

    /** What intake wrote under the retired key: [key id 1][nonce][AES-GCM with the key id as associated data]. */
    private static byte[] sealUnderKeyOne(String clear) throws Exception {
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(
                java.util.Base64.getDecoder().decode(TestSecrets.piiKey(1)), "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce));
        aes.updateAAD(new byte[] {1});
        byte[] sealed = aes.doFinal(clear.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.nio.ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
    }
}
