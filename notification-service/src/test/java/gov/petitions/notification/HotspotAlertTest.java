package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * hotspot.detected alerts the supervisors of the hot spot's city and its covering leader, once per step; when its
 * petitions accuse the city (回避), the province's instead, and never the accused.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class HotspotAlertTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static String hotspot(String hotspotId, String county, String status, int sequence, int petitions) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.example("hotspot.detected"));
        data.put("hotspotId", hotspotId).put("countyCode", county).put("placeCode", county).put("status", status)
                .put("sequence", sequence).put("petitionCount", petitions);
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("hotspot.detected", json);
        return json;
    }

    private static List<Map<String, String>> alerts(String address) {
        return Received.mailsTo(address).stream().filter(m -> m.get("subject").contains("热点预警")).toList();
    }

    @Test
    void aHotSpotAccusingTheCityGovernmentAlertsTheProvinceAndNeverTheCity() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> addresses = Map.of(
                "supervisors-3413", "sz-sup-" + marker + "@supervision.gov.example",
                "leader-3413", "sz-leader-" + marker + "@leaders.gov.example",
                "supervisors-34", "ah-sup-" + marker + "@supervision.gov.example",
                "leader-34", "ah-leader-" + marker + "@leaders.gov.example");
        addresses.forEach((recipient, address) -> given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("address", address)).put("/recipients/" + recipient + "/email").then().statusCode(200));

        // petitions in 埇桥区 (341302) against 宿州市人民政府: the city is the accused
        String accusingTheCity = UUID.randomUUID().toString();
        String label = "宿州市人民政府 " + marker;
        KafkaProbe.send("hotspot.detected", accusingTheCity, "gov.petition.hotspot.detected.v1", UUID.randomUUID(),
                accusing(accusingTheCity, "341302", label, "3413-ZF"));
        await().atMost(Duration.ofSeconds(60)).until(() -> about(addresses.get("supervisors-34"), label).size() == 1
                && about(addresses.get("leader-34"), label).size() == 1);
        assertTrue(about(addresses.get("supervisors-34"), label).get(0).get("text").contains("341302"));

        // a unit of one county is accused: the city is not, and stays the lowest level told
        String accusingACountyUnit = UUID.randomUUID().toString();
        String countyLabel = "埇桥区人社局 " + marker;
        KafkaProbe.send("hotspot.detected", accusingACountyUnit, "gov.petition.hotspot.detected.v1", UUID.randomUUID(),
                accusing(accusingACountyUnit, "341302", countyLabel, "341302-RSJ"));
        await().atMost(Duration.ofSeconds(60)).until(() -> about(addresses.get("supervisors-3413"), countyLabel).size() == 1
                && about(addresses.get("leader-3413"), countyLabel).size() == 1);
        Thread.sleep(2_000);
        assertEquals(List.of(), about(addresses.get("supervisors-3413"), label), "the accused city is never told");
        assertEquals(List.of(), about(addresses.get("leader-3413"), label), "nor its covering leader");
        assertEquals(List.of(), about(addresses.get("supervisors-34"), countyLabel), "the lowest level free of it only");
    }

    /**
     * The contract takes any province's county; this deployment is Anhui's (petitions.province.code 34). A hot spot of
     * Ningxia accusing its city would otherwise go up to "the province", Anhui's supervisors: no one is told.
     */
    @Test
    void aHotSpotOfAnotherProvinceTellsNoOne() throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> addresses = Map.of(
                "supervisors-6401", "yc-sup-" + marker + "@supervision.gov.example",
                "supervisors-34", "ah-sup-" + marker + "@supervision.gov.example",
                "leader-34", "ah-leader-" + marker + "@leaders.gov.example");
        addresses.forEach((recipient, address) -> given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON)
                .body(Map.of("address", address)).put("/recipients/" + recipient + "/email").then().statusCode(200));
        String key = UUID.randomUUID().toString();
        String ningxia = "银川市人民政府 " + marker;
        KafkaProbe.send("hotspot.detected", key, "gov.petition.hotspot.detected.v1", UUID.randomUUID(),
                accusing(key, "640104", ningxia, "6401-ZF"));
        // then, behind it in the same partition (same key), one of Anhui's whose city is accused: once the province
        // hears of that one, the Ningxia one has been handled
        String anhui = "宿州市人民政府 " + marker;
        KafkaProbe.send("hotspot.detected", key, "gov.petition.hotspot.detected.v1", UUID.randomUUID(),
                accusing(UUID.randomUUID().toString(), "341302", anhui, "3413-ZF"));
        await().atMost(Duration.ofSeconds(60)).until(() -> about(addresses.get("supervisors-34"), anhui).size() == 1);
        assertEquals(List.of(), about(addresses.get("supervisors-34"), ningxia), "Anhui's province is not Ningxia's");
        assertEquals(List.of(), about(addresses.get("leader-34"), ningxia));
        assertEquals(List.of(), about(addresses.get("supervisors-6401"), ningxia), "nor anyone of Ningxia, here");
    }

    private static String accusing(String hotspotId, String county, String label, String... accused) throws Exception {
        ObjectNode data = (ObjectNode) JSON.readTree(hotspot(hotspotId, county, "DETECTED", 1, 10));
        data.put("targetLabel", label);
        var codes = data.putArray("accusedUnitCodes");
        for (String code : accused) {
            codes.add(code);
        }
        String json = JSON.writeValueAsString(data);
        Contracts.assertValid("hotspot.detected", json);
        return json;
    }

    private static List<Map<String, String>> about(String address, String label) {
        return alerts(address).stream().filter(m -> m.get("text").contains(label)).toList();
    }

    @Test
    void supervisorsAndTheCoveringLeaderHearOfAHotSpotOncePerStep() throws Exception {
        String city = "34" + (10 + ThreadLocalRandom.current().nextInt(90));
        String county = city + "21";
        String supervisors = "hot-sup-" + UUID.randomUUID().toString().substring(0, 8) + "@supervision.gov.example";
        String leader = "hot-leader-" + UUID.randomUUID().toString().substring(0, 8) + "@leaders.gov.example";
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", supervisors))
                .put("/recipients/supervisors-" + city + "/email").then().statusCode(200);
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", leader))
                .put("/recipients/leader-" + city + "/email").then().statusCode(200);

        String hotspotId = UUID.randomUUID().toString();
        UUID detected = UUID.randomUUID();
        String json = hotspot(hotspotId, county, "DETECTED", 1, 10);
        KafkaProbe.send("hotspot.detected", hotspotId, "gov.petition.hotspot.detected.v1", detected, json);
        KafkaProbe.send("hotspot.detected", hotspotId, "gov.petition.hotspot.detected.v1", detected, json);
        await().atMost(Duration.ofSeconds(60)).until(() -> !alerts(supervisors).isEmpty() && !alerts(leader).isEmpty());
        String text = alerts(supervisors).get(0).get("text");
        assertTrue(text.contains(county) && text.contains("labour-wages") && text.contains("10 件"), text);
        assertTrue(text.contains("安徽华建建设有限公司") && text.contains("研判依据"), text);
        assertTrue(alerts(leader).get(0).get("text").contains("包点"), alerts(leader).get(0).get("text"));

        KafkaProbe.send("hotspot.detected", hotspotId, "gov.petition.hotspot.detected.v1", UUID.randomUUID(),
                hotspot(hotspotId, county, "GROWING", 2, 16));
        await().atMost(Duration.ofSeconds(60)).until(() -> alerts(supervisors).size() == 2);
        assertTrue(alerts(supervisors).stream().anyMatch(m -> m.get("text").contains("仍在增长") && m.get("text").contains("16 件")));
        // a late copy of an older step is not told after a newer one
        KafkaProbe.send("hotspot.detected", hotspotId, "gov.petition.hotspot.detected.v1", UUID.randomUUID(),
                hotspot(hotspotId, county, "DETECTED", 1, 10));
        Thread.sleep(3_000);
        assertEquals(2, alerts(supervisors).size(), "once per step, redelivery and stale events included");
        assertEquals(2, alerts(leader).size());
    }
}
