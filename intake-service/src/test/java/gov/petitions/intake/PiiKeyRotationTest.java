package gov.petitions.intake;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A petitioner stored under the retired key 1 stays readable, and the re-encryption job moves it to key 2. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class PiiKeyRotationTest {

    @Test
    void rowsUnderThePreviousKeyAreReadableAndReEncrypted() throws Exception {
        UUID ref = UUID.randomUUID();
        byte[] name = sealUnderKeyOne("周八");
        byte[] phone = sealUnderKeyOne("13511112222");
        QuarkusTransaction.requiringNew().run(() -> Petitioner.getEntityManager().createNativeQuery(
                        "insert into petitioner (id, name_ciphertext, phone_ciphertext, name_masked, phone_masked, created_at)"
                                + " values (:id, :name, :phone, '周*', '135****2222', :at)")
                .setParameter("id", ref).setParameter("name", name).setParameter("phone", phone)
                .setParameter("at", OffsetDateTime.now()).executeUpdate());
        // a petition registered before contacts were kept per petition: its contact is the person's stored one
        UUID petition = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> Petitioner.getEntityManager().createNativeQuery(
                        "insert into petition (id, tracking_number, channel, category_code, location_code, summary, person_count,"
                                + " petitioner_id, query_code_mac, registered_at) values (:id, :tn, 'WALK_IN', 'labour-wages',"
                                + " '341302', 'rotation', 1, :person, :hash, :at)")
                .setParameter("id", petition).setParameter("tn", "XF19990101" + String.format("%06d",
                        java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000)))
                .setParameter("person", ref).setParameter("hash", "0".repeat(64))
                .setParameter("at", OffsetDateTime.now()).executeUpdate());

        given().auth().oauth2(TestTokens.service()).queryParam("purpose", "REPLY_LETTER").queryParam("petitionId", petition)
                .get("/internal/petitioners/" + ref + "/contact").then().statusCode(200).body("name", equalTo("周八"));

        String admin = TestTokens.token("admin-1", Set.of("admin"), null, null);
        given().auth().oauth2(TestTokens.clerk()).post("/internal/pii/re-encryption").then().statusCode(403);
        given().auth().oauth2(admin).post("/internal/pii/re-encryption").then().statusCode(200)
                .body("keyId", equalTo(2))
                // rows of earlier local runs may be under keys since thrown away: counted and left alone
                .body("reEncrypted", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        int keyNow = QuarkusTransaction.requiringNew().call(() -> ((Number) Petitioner.getEntityManager()
                .createNativeQuery("select get_byte(name_ciphertext, 0) from petitioner where id = :id")
                .setParameter("id", ref).getSingleResult()).intValue());
        assertEquals(2, keyNow);
        given().auth().oauth2(TestTokens.service()).queryParam("purpose", "REPLY_LETTER").queryParam("petitionId", petition)
                .get("/internal/petitioners/" + ref + "/contact").then().statusCode(200)
                .body("name", equalTo("周八")).body("phone", equalTo("13511112222"));
    }

    /** What intake wrote before the rotation: [key id 1][nonce][AES-GCM with the key id as associated data]. */
    private static byte[] sealUnderKeyOne(String clear) throws Exception {
        byte[] nonce = new byte[12];
        new java.security.SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(TestSecrets.piiKey(1)), "AES"),
                new GCMParameterSpec(128, nonce));
        cipher.updateAAD(new byte[]{1});
        byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
    }
}
