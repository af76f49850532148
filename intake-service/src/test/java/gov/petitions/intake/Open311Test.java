package gov.petitions.intake;

import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.testing.TestSecrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #23, Open311 GeoReport v2: the categories as services, a request as an online petition registered like any
 * other, read back only by the client that sent it, in JSON and in XML, with the specification's fields and its error
 * format. The fields each answer must carry are those of the examples on http://wiki.open311.org/GeoReport_v2/.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
class Open311Test {

    private static final String KEY = "open311-test-key-civic-app";
    private static final String OTHER_KEY = "open311-test-key-other-app";
    private static final String BASE = "/open311/v2/";

    /** The fields of the specification's examples, per answer. */
    private static final Set<String> SERVICE = Set.of("service_code", "service_name", "description", "metadata", "type",
            "keywords", "group");
    private static final Set<String> ATTRIBUTE = Set.of("variable", "code", "datatype", "required",
            "datatype_description", "order", "description", "values");
    private static final Set<String> CREATED = Set.of("service_request_id", "service_notice", "account_id");
    private static final Set<String> REQUEST = Set.of("service_request_id", "status", "status_notes", "service_name",
            "service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
            "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url");

    private static RequestSpecification form(Map<String, String> fields) {
        RequestSpecification request = given().contentType(ContentType.URLENC.withCharset("UTF-8"));
        fields.forEach(request::formParam);
        return request;
    }

    private static Map<String, String> newRequest(String key) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("api_key", key);
        f.put("service_code", "labour-wages");
        f.put("address_id", "341302");
        f.put("description", "工地拖欠农民工工资三个月\n涉及十余名工人");
        f.put("first_name", "建国");
        f.put("last_name", "王");
        f.put("phone", Bodies.mobile());
        f.put("lat", "33.64");
        f.put("long", "116.98");
        return f;
    }

    private static Set<String> keysOf(JsonNode object) {
        Set<String> keys = new TreeSet<>();
        object.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Document xml(Response response) throws Exception {
        assertTrue(response.contentType().startsWith("text/xml"), response.contentType());
        String body = response.asString();
        assertTrue(body.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), body);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(response.asByteArray()));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertEquals(1, found.size(), "one <" + name + "> in <" + parent.getTagName() + ">");
        return found.get(0).getTextContent();
    }

    private static void assertOpen311Error(Response response, int code, String mentioning) {
        assertEquals(code, response.statusCode(), response.asString());
        JsonNode errors = response.as(JsonNode.class);
        assertTrue(errors.isArray() && errors.size() == 1, response.asString());
        assertEquals(code, errors.get(0).path("code").asInt());
        assertTrue(errors.get(0).path("description").asText().contains(mentioning),
                "the description names " + mentioning + ": " + response.asString());
    }

    @Test
    void theCategoriesAreTheServicesInJsonAndXml() throws Exception {
        JsonNode services = given().get(BASE + "services.json").then().statusCode(200)
                .contentType(ContentType.JSON).extract().as(JsonNode.class);
        assertTrue(services.size() >= 10, services.toString());
        JsonNode wages = null;
        for (JsonNode s : services) {
            assertTrue(keysOf(s).containsAll(SERVICE), "a service has the specification's fields: " + s);
            if (s.path("service_code").asText().equals("labour-wages")) {
                wages = s;
            }
        }
        assertNotNull(wages, "labour-wages is a service");
        assertTrue(wages.path("metadata").asBoolean(), "it has a definition (the division code)");

        Element root = xml(given().get(BASE + "services.xml").then().statusCode(200).extract().response())
                .getDocumentElement();
        assertEquals("services", root.getTagName());
        assertEquals(services.size(), children(root, "service").size());
        assertTrue(children(root, "service").stream().anyMatch(s -> text(s, "service_code").equals("labour-wages")));

        JsonNode definition = given().get(BASE + "services/labour-wages.json").then().statusCode(200)
                .extract().as(JsonNode.class);
        assertEquals("labour-wages", definition.path("service_code").asText());
        assertTrue(keysOf(definition.path("attributes").get(0)).containsAll(ATTRIBUTE), definition.toString());
        assertEquals("location_code", definition.path("attributes").get(0).path("code").asText());
        Element definitionXml = xml(given().get(BASE + "services/labour-wages.xml").then().statusCode(200)
                .extract().response()).getDocumentElement();
        assertEquals("service_definition", definitionXml.getTagName());
        assertEquals("location_code", text(children(children(definitionXml, "attributes").get(0), "attribute").get(0), "code"));

        assertOpen311Error(given().get(BASE + "services/no-such-service.json"), 404, "no-such-service");
        assertOpen311Error(given().get(BASE + "services.json?jurisdiction_id=64"), 404, "jurisdiction");
    }

    @Test
    void aRequestIsAnOnlinePetitionThatOnlyItsClientReadsBack() throws Exception {
        Response created = form(newRequest(KEY)).post(BASE + "requests.json");
        assertEquals(201, created.statusCode(), created.asString());
        JsonNode answer = created.as(JsonNode.class).get(0);
        assertTrue(keysOf(answer).containsAll(CREATED), answer.toString());
        String id = answer.path("service_request_id").asText();
        assertTrue(id.matches("XF\\d{8,}"), "the tracking number is the service request id: " + id);
        String notice = answer.path("service_notice").asText();
        String queryCode = notice.replaceAll("(?s).*查询码 \\(query code\\) (\\S+):.*", "$1");
        assertFalse(queryCode.equals(notice), "the notice gives the query code: " + notice);

        // registered like any online petition: the channel, who registered it, and the event on the real broker
        Petition petition = QuarkusTransaction.requiringNew().call(() -> Petition.findByTrackingNumber(id).orElseThrow());
        assertEquals(Channel.ONLINE, petition.channel);
        assertEquals("open311:civic-app", petition.registeredBy);
        assertEquals("341302", petition.locationCode);
        assertEquals("工地拖欠农民工工资三个月", petition.summary, "the first line of the description is the summary");
        assertTrue(petition.content.contains("坐标 (lat,long): 33.64,116.98"), petition.content);
        JsonNode event = RegisteredEvents.of(petition.id.toString());
        assertEquals("ONLINE", event.path("channel").asText());
        assertFalse(event.toString().contains("王建国"), "no petitioner's name in the event");

        // the citizen follows it with the tracking number and the query code, like any online petitioner
        given().contentType(ContentType.JSON).body(Map.of("trackingNumber", id, "queryCode", queryCode))
                .post("/public/status-lookups").then().statusCode(200);

        JsonNode read = given().queryParam("api_key", KEY).get(BASE + "requests/" + id + ".json").then().statusCode(200)
                .extract().as(JsonNode.class).get(0);
        assertTrue(keysOf(read).containsAll(REQUEST), read.toString());
        assertEquals(id, read.path("service_request_id").asText());
        assertEquals("open", read.path("status").asText());
        assertEquals("labour-wages", read.path("service_code").asText());
        assertEquals("341302", read.path("address_id").asText());
        assertTrue(read.path("requested_datetime").asText().endsWith("+08:00"), "China's time: " + read);

        Element listed = xml(given().queryParam("api_key", KEY).queryParam("service_request_id", id + ",XF00000000000")
                .get(BASE + "requests.xml").then().statusCode(200).extract().response()).getDocumentElement();
        assertEquals("service_requests", listed.getTagName());
        assertEquals(1, children(listed, "request").size(), "only the request that exists and is the client's");
        assertEquals("open", text(children(listed, "request").get(0), "status"));

        // by service code in the database, not after the page: the newest request of the code is there, none of another
        JsonNode byCode = given().queryParam("api_key", KEY).queryParam("service_code", "labour-wages")
                .queryParam("status", "open").get(BASE + "requests.json").then().statusCode(200).extract().as(JsonNode.class);
        assertEquals(id, byCode.get(0).path("service_request_id").asText(), "the newest first: " + byCode);
        JsonNode otherCode = given().queryParam("api_key", KEY).queryParam("service_code", "education")
                .get(BASE + "requests.json").then().statusCode(200).extract().as(JsonNode.class);
        for (JsonNode r : otherCode) {
            assertEquals("education", r.path("service_code").asText());
        }

        String token = answer.path("token").asText();
        assertEquals(id, given().queryParam("api_key", KEY).get(BASE + "tokens/" + token + ".json").then()
                .statusCode(200).extract().as(JsonNode.class).get(0).path("service_request_id").asText());

        // another client, or none, never reads it
        assertOpen311Error(given().queryParam("api_key", OTHER_KEY).get(BASE + "requests/" + id + ".json"), 404, "no such");
        assertEquals(0, given().queryParam("api_key", OTHER_KEY).queryParam("service_request_id", id)
                .get(BASE + "requests.json").then().statusCode(200).extract().as(JsonNode.class).size());
        assertOpen311Error(given().queryParam("api_key", OTHER_KEY).get(BASE + "tokens/" + token + ".json"), 404, "token");
        assertOpen311Error(given().get(BASE + "requests/" + id + ".json"), 403, "api_key");
        assertOpen311Error(given().queryParam("api_key", "guessed").get(BASE + "requests.json"), 403, "api_key");
    }

    @Test
    void badRequestsAreRefusedInTheSpecificationsErrorFormat() throws Exception {
        Map<String, String> noPlace = newRequest(KEY);
        noPlace.remove("address_id");
        assertOpen311Error(form(noPlace).post(BASE + "requests.json"), 400, "does not geocode");
        noPlace.remove("lat");
        noPlace.remove("long");
        assertOpen311Error(form(noPlace).post(BASE + "requests.json"), 400, "address_id");

        Map<String, String> badPhone = newRequest(KEY);
        badPhone.put("phone", "12345");
        assertOpen311Error(form(badPhone).post(BASE + "requests.json"), 400, "phone");

        Map<String, String> noName = newRequest(KEY);
        noName.remove("first_name");
        noName.remove("last_name");
        assertOpen311Error(form(noName).post(BASE + "requests.json"), 400, "first_name/last_name");

        Map<String, String> noDescription = newRequest(KEY);
        noDescription.remove("description");
        assertOpen311Error(form(noDescription).post(BASE + "requests.json"), 400, "description");

        Map<String, String> unknownService = newRequest(KEY);
        unknownService.put("service_code", "no-such-service");
        assertOpen311Error(form(unknownService).post(BASE + "requests.json"), 400, "no-such-service");

        Map<String, String> outside = newRequest(KEY);
        outside.put("address_id", "640104");
        assertOpen311Error(form(outside).post(BASE + "requests.json"), 400, "address_id");

        Map<String, String> badCoordinates = newRequest(KEY);
        badCoordinates.put("lat", "north");
        assertOpen311Error(form(badCoordinates).post(BASE + "requests.json"), 400, "lat and long");

        Map<String, String> invisible = newRequest(KEY);
        invisible.put("description", "拖欠工资\u202E资工欠拖");
        assertOpen311Error(form(invisible).post(BASE + "requests.json"), 400, "description");

        assertOpen311Error(form(newRequest("guessed")).post(BASE + "requests.json"), 403, "api_key");
        Map<String, String> noKey = newRequest(KEY);
        noKey.remove("api_key");
        assertOpen311Error(form(noKey).post(BASE + "requests.json"), 403, "api_key");

        assertOpen311Error(given().contentType(ContentType.URLENC).formParam("api_key", KEY).formParam("api_key", OTHER_KEY)
                .formParam("service_code", "labour-wages").post(BASE + "requests.json"), 400, "more than once");
        assertOpen311Error(given().queryParam("api_key", KEY).queryParam("start_date", "yesterday")
                .get(BASE + "requests.json"), 400, "start_date");
        assertOpen311Error(given().queryParam("api_key", KEY).queryParam("start_date", "2026-01-01T00:00:00+08:00")
                .queryParam("end_date", "2026-06-01T00:00:00+08:00").get(BASE + "requests.json"), 400, "90 days");
        assertOpen311Error(given().queryParam("api_key", KEY).queryParam("status", "pending")
                .get(BASE + "requests.json"), 400, "status");

        // the same refusals in XML when the client asked for XML
        Response inXml = form(noName).post(BASE + "requests.xml");
        assertEquals(400, inXml.statusCode());
        Element errors = xml(inXml).getDocumentElement();
        assertEquals("errors", errors.getTagName());
        assertEquals("400", text(children(errors, "error").get(0), "code"));

        // a format the specification does not have is no route at all
        assertEquals(404, given().get(BASE + "services.yaml").statusCode());
    }

    @Test
    void aClientsDailyAllowanceAndIdempotentRetries() {
        // tiny-app may create one request a day (the count is kept in PostgreSQL and survives earlier runs today)
        int created = 0;
        Response refused = null;
        for (int i = 0; i < 2; i++) {
            Response r = form(newRequest("open311-test-key-tiny-app")).post(BASE + "requests.json");
            if (r.statusCode() == 201) {
                created++;
            } else {
                refused = r;
            }
        }
        assertTrue(created <= 1, "at most its allowance");
        assertNotNull(refused, "the second one of the day is refused");
        assertOpen311Error(refused, 429, "allowance");
        assertTrue(Long.parseLong(refused.header("Retry-After")) > 0, "it says when the allowance renews");

        Map<String, String> request = newRequest(KEY);
        String key = UUID.randomUUID().toString();
        Response first = form(request).header("Idempotency-Key", key).post(BASE + "requests.json");
        Response again = form(request).header("Idempotency-Key", key).post(BASE + "requests.json");
        assertEquals(201, first.statusCode(), first.asString());
        assertEquals(200, again.statusCode(), again.asString());
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals(first.as(JsonNode.class).get(0).path("service_request_id").asText(),
                again.as(JsonNode.class).get(0).path("service_request_id").asText(), "one petition for one key");
        assertEquals(first.as(JsonNode.class).get(0).path("token").asText(),
                again.as(JsonNode.class).get(0).path("token").asText());
    }
}
