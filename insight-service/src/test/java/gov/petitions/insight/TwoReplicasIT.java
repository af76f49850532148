package gov.petitions.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.testing.Contracts;
import gov.petitions.testing.KafkaProbe;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas of the packaged service in one consumer group against the real broker: hot spots
 * detected on the partitions of either are answered the same by both (interactive queries forwarded
 * to the owner), the events satisfy their contract, and poison goes to the DLQ without stopping the stream.
 */
class TwoReplicasIT {

    static final ObjectMapper MAPPER = new ObjectMapper();
    // a category no other test uses, so the broker's other petitions never mix into the answers
    static final String CATEGORY = "it-" + UUID.randomUUID().toString().substring(0, 8);
    static final List<String> COUNTIES = List.of("340102", "340103", "340104", "340111", "340121", "340122",
            "341302", "341321", "341322", "341323", "341324", "340123");
    static final List<Process> REPLICAS = new ArrayList<>();
    static final List<Integer> PORTS = new ArrayList<>();
    static final List<Integer> MANAGEMENT_PORTS = new ArrayList<>();
    // the replicas' logs go with the build directory: what stays unavailable fails with what they said about it
    static final AgainWhileUnavailable AGAIN = new AgainWhileUnavailable(Duration.ofSeconds(60), Duration.ofMillis(500),
            TwoReplicasIT::replicaDiagnostics);

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        ensureTopics();
        Map<String, String> secrets = new TestSecrets().start();
        String appId = "insight-it-" + UUID.randomUUID();
        for (int n = 1; n <= 2; n++) {
            int port = freePort();
            Path state = Path.of("target", "it-state", appId, "replica-" + n);
            Files.createDirectories(state);
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    // only this run's petitions: the broker may hold many from other tests
                    "-Dkafka-streams.auto.offset.reset=latest",
                    "-Dquarkus.kafka-streams.application-id=" + appId,
                    "-Dinsight.evaluation-interval=PT1S",
                    "-jar", "target/quarkus-app/quarkus-run.jar")
                    .redirectErrorStream(true)
                    .redirectOutput(new File("target/it-replica-" + n + ".log"));
            builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            int management = freePort();
            builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(management));
            MANAGEMENT_PORTS.add(management);
            builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", KafkaProbe.bootstrapServers());
            builder.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", secrets.get("mp.jwt.verify.publickey.location"));
            builder.environment().put("PETITIONS_JWT_ISSUER", secrets.get("mp.jwt.verify.issuer"));
            builder.environment().put("INSIGHT_STATE_DIR", state.toAbsolutePath().toString());
            REPLICAS.add(builder.start());
            PORTS.add(port);
        }
        // both replicas running in one group, so no rebalance moves a partition while the test sends
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> java.util.stream.IntStream.range(0, 2).allMatch(i -> {
            int p = PORTS.get(i);
            int m = MANAGEMENT_PORTS.get(i);
            try {
                return given().port(m).get("/q/health/live").then().extract().statusCode() == 200
                        && given().port(m).get("/q/health/ready").then().extract().statusCode() == 200
                        && given().port(p).auth().oauth2(leader()).get("/hotspots").then().extract().statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }));
        Thread.sleep(3000);
        // 503 "try again in a moment" while partitions move: asked again for up to a minute
        RestAssured.filters(AGAIN);
        // health and metrics answer on the management port only: the API port has no /q/*
        for (int i = 0; i < 2; i++) {
            given().port(PORTS.get(i)).get("/q/health/ready").then().statusCode(404);
            given().port(PORTS.get(i)).get("/q/metrics").then().statusCode(404);
            given().port(MANAGEMENT_PORTS.get(i)).get("/q/metrics").then().statusCode(200);
        }
    }

    @AfterAll
    static void stopReplicas() {
        RestAssured.reset();
        System.out.println("503 answers seen and asked again: " + AGAIN.seen);
        REPLICAS.forEach(Process::destroy);
        REPLICAS.forEach(p -> {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void eitherReplicaGivesTheSameAnswer() throws Exception {
        try (KafkaProbe events = KafkaProbe.open("hotspot.detected"); KafkaProbe dead = KafkaProbe.open("insight-service.dlq")) {
            // poison first: the stream must go on past it
            String poisonKey = UUID.randomUUID().toString();
            KafkaProbe.send("petition.registered", poisonKey, null, null, "not a cloud event " + CATEGORY);
            List<String> petitions = new ArrayList<>();
            for (String county : COUNTIES) {
                petitions.add(registerGroupPetition(county + "100", 60));
            }

            List<ConsumerRecord<String, String>> detected = events.await(r -> r.value().contains("\"" + CATEGORY + "\""),
                    COUNTIES.size(), Duration.ofSeconds(90));
            Set<String> ids = new TreeSet<>();
            for (ConsumerRecord<String, String> record : detected) {
                JsonNode data = Contracts.assertValidRecord("hotspot.detected", record);
                assertEquals("DETECTED", data.get("status").asText());
                assertEquals("GROUP_PETITION", data.get("reasons").get(0).get("rule").asText());
                assertTrue(petitions.contains(data.get("petitionIds").get(0).asText()));
                ids.add(data.get("hotspotId").asText());
            }
            assertEquals(COUNTIES.size(), ids.size());

            ConsumerRecord<String, String> poison = dead.awaitKey(poisonKey, Duration.ofSeconds(30));
            assertTrue(Contracts.header(poison, "dead-letter-reason").contains("ce_specversion"));
            assertEquals("petition.registered", Contracts.header(poison, "dead-letter-topic"));

            // the whole province, from either replica
            List<JsonNode> fromFirst = mine(given().port(PORTS.get(0)).auth().oauth2(leader()).get("/hotspots")
                    .then().statusCode(200).extract().asString());
            List<JsonNode> fromSecond = mine(given().port(PORTS.get(1)).auth().oauth2(leader()).get("/hotspots")
                    .then().statusCode(200).extract().asString());
            assertEquals(ids, fromFirst.stream().map(v -> v.get("hotspot").get("hotspotId").asText())
                    .collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(fromFirst, fromSecond, "the same hot spots, whichever replica is asked");

            // each replica holds only its own partitions: what they hold locally adds up to the answer
            List<JsonNode> localFirst = mine(given().port(PORTS.get(0)).auth().oauth2(leader())
                    .header("X-Insight-Local-Only", "true").get("/hotspots").then().statusCode(200).extract().asString());
            List<JsonNode> localSecond = mine(given().port(PORTS.get(1)).auth().oauth2(leader())
                    .header("X-Insight-Local-Only", "true").get("/hotspots").then().statusCode(200).extract().asString());
            assertFalse(localFirst.isEmpty(), "the first replica holds some partitions");
            assertFalse(localSecond.isEmpty(), "the second replica holds some partitions");
            assertEquals(ids.size(), localFirst.size() + localSecond.size());

            for (String id : ids) {
                String one = given().port(PORTS.get(0)).auth().oauth2(leader()).get("/hotspots/" + id)
                        .then().statusCode(200).extract().asString();
                String other = given().port(PORTS.get(1)).auth().oauth2(leader()).get("/hotspots/" + id)
                        .then().statusCode(200).extract().asString();
                assertEquals(MAPPER.readTree(one), MAPPER.readTree(other));
                assertEquals("DETECTED", MAPPER.readTree(one).get("history").get(0).get("status").asText());
            }

            // the charts: a cell's counts come from the replica that owns its key
            String from = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).minusHours(3));
            for (String county : COUNTIES) {
                List<JsonNode> series = new ArrayList<>();
                for (int port : PORTS) {
                    series.add(MAPPER.readTree(given().port(port).auth().oauth2(leader())
                            .queryParam("place", county + "100").queryParam("category", CATEGORY)
                            .queryParam("window", "hour").queryParam("from", from)
                            .queryParam("to", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1)))
                            .get("/hotspots/series").then().statusCode(200).extract().asString()));
                }
                assertEquals(series.get(0).get("points"), series.get(1).get("points"));
                long petitionsCounted = 0;
                for (JsonNode point : series.get(0).get("points")) {
                    petitionsCounted += point.get("petitions").asLong();
                    assertEquals(60 * point.get("petitions").asLong(), point.get("persons").asLong());
                }
                assertEquals(1, petitionsCounted, "one petition in " + county + "100");
            }
        }
    }

    @Test
    void scopedByJurisdictionAndRoles() throws Exception {
        String hefeiTownship = "340102100";
        registerGroupPetition(hefeiTownship, 70);
        await().atMost(Duration.ofSeconds(60)).until(() -> !mine(given().port(PORTS.get(1))
                .auth().oauth2(TestTokens.supervisor("3401")).get("/hotspots").then().statusCode(200).extract().asString()).isEmpty());
        for (int port : PORTS) {
            List<JsonNode> hefei = mine(given().port(port).auth().oauth2(TestTokens.supervisor("3401"))
                    .get("/hotspots").then().statusCode(200).extract().asString());
            assertTrue(hefei.stream().allMatch(v -> v.get("hotspot").get("placeCode").asText().startsWith("3401")));
            List<JsonNode> suzhou = mine(given().port(port).auth().oauth2(TestTokens.supervisor("3413"))
                    .get("/hotspots").then().statusCode(200).extract().asString());
            assertTrue(suzhou.stream().noneMatch(v -> v.get("hotspot").get("placeCode").asText().startsWith("3401")));
            String id = hefei.get(0).get("hotspot").get("hotspotId").asText();
            given().port(port).auth().oauth2(TestTokens.supervisor("3413")).get("/hotspots/" + id)
                    .then().statusCode(404).contentType("application/problem+json");
            given().port(port).auth().oauth2(TestTokens.supervisor("3413")).queryParam("jurisdiction", "3401")
                    .get("/hotspots").then().statusCode(403).contentType("application/problem+json");
            given().port(port).get("/hotspots").then().statusCode(401).contentType("application/problem+json");
            given().port(port).auth().oauth2(TestTokens.handler("340102-RSJ")).get("/hotspots")
                    .then().statusCode(403).contentType("application/problem+json");
            given().port(port).auth().oauth2(leader()).queryParam("place", "12").queryParam("category", CATEGORY)
                    .get("/hotspots/series").then().statusCode(400).contentType("application/problem+json");
            // fail closed: a token that names no jurisdiction, or an empty one, watches nothing (it saw the province)
            for (String noScope : new String[] {
                    TestTokens.token("supervisor-none", Set.of("supervisor"), null, null),
                    TestTokens.token("supervisor-empty", Set.of("supervisor"), null, ""),
                    TestTokens.token("leader-none", Set.of("leader"), null, null)}) {
                given().port(port).auth().oauth2(noScope).get("/hotspots")
                        .then().statusCode(403).contentType("application/problem+json");
                given().port(port).auth().oauth2(noScope).get("/hotspots/" + id)
                        .then().statusCode(403).contentType("application/problem+json");
            }
        }
    }

    @Test
    void aHotSpotIsNotShownToTheJurisdictionItsPetitionsAccuse() throws Exception {
        // a group petition in 埇桥区 (341302) against 宿州市人民政府: the city's and the county's supervisors are recused
        String government = "宿州市人民政府";
        try (KafkaProbe events = KafkaProbe.open("hotspot.detected")) {
            String petition = registerGroupPetition("341302101", 80, List.of("3413-ZF"), List.of(government));
            ConsumerRecord<String, String> record = events.await(r -> r.value().contains(petition), 1,
                    Duration.ofSeconds(90)).get(0);
            JsonNode data = Contracts.assertValidRecord("hotspot.detected", record);
            assertEquals(government, data.get("target").asText());
            assertEquals("[\"3413-ZF\"]", data.get("accusedUnitCodes").toString(), "the event carries whom it accuses");
            String id = data.get("hotspotId").asText();

            String province = TestTokens.supervisor("34");
            for (int port : PORTS) {
                assertTrue(mine(given().port(port).auth().oauth2(province).get("/hotspots")
                        .then().statusCode(200).extract().asString()).stream()
                        .anyMatch(v -> id.equals(v.get("hotspot").get("hotspotId").asText())), "the province sees it");
                given().port(port).auth().oauth2(province).get("/hotspots/" + id).then().statusCode(200);
                given().port(port).auth().oauth2(leader()).get("/hotspots/" + id).then().statusCode(200);
                assertTrue(mine(given().port(port).auth().oauth2(province).queryParam("jurisdiction", "3413")
                        .get("/hotspots").then().statusCode(200).extract().asString()).stream()
                        .anyMatch(v -> id.equals(v.get("hotspot").get("hotspotId").asText())),
                        "a provincial supervisor looking at the city still sees it");
                assertEquals(1, petitionsCharted(port, province, "341302", government));

                for (String recused : new String[] {TestTokens.supervisor("3413"), TestTokens.supervisor("341302"),
                        TestTokens.leader("3413")}) {
                    for (String status : new String[] {"active", "all"}) {
                        assertTrue(mine(given().port(port).auth().oauth2(recused).queryParam("status", status)
                                .get("/hotspots").then().statusCode(200).extract().asString()).stream()
                                .noneMatch(v -> id.equals(v.get("hotspot").get("hotspotId").asText())),
                                "the accused city's own supervisors and leader do not see it");
                    }
                    given().port(port).auth().oauth2(recused).get("/hotspots/" + id)
                            .then().statusCode(404).contentType("application/problem+json");
                    assertEquals(0, petitionsCharted(port, recused, "341302", government),
                            "nor the chart of the petitions against their government");
                }
                // the county's own counts are not about anyone: its supervisors keep them
                assertTrue(petitionsCharted(port, TestTokens.supervisor("3413"), "341302101", null) >= 1);
            }
        }
    }

    private static long petitionsCharted(int port, String token, String place, String target) throws IOException {
        var request = given().port(port).auth().oauth2(token).queryParam("place", place).queryParam("category", CATEGORY)
                .queryParam("window", "hour")
                .queryParam("from", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).minusHours(3)))
                .queryParam("to", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).plusHours(1)));
        if (target != null) {
            request = request.queryParam("target", target);
        }
        long petitions = 0;
        for (JsonNode point : MAPPER.readTree(request.get("/hotspots/series").then().statusCode(200).extract().asString())
                .get("points")) {
            petitions += point.get("petitions").asLong();
        }
        return petitions;
    }

    @Test
    void everyEndpointIsInTheAuthorizationMatrixAndEnforcedAsItSays() {
        List<gov.petitions.testing.AuthorizationMatrix.Endpoint> matrix =
                gov.petitions.testing.AuthorizationMatrix.read("authorization-matrix.csv");
        gov.petitions.testing.AuthorizationMatrix.assertCoversTheCode(
                gov.petitions.testing.AuthorizationMatrix.fromCode("gov.petitions.insight.rest"), matrix);
        // read-only calls only: a PUT of the rule as the province's supervisor with an empty body is a 400, not a change
        gov.petitions.testing.AuthorizationMatrix.assertEnforced(matrix,
                gov.petitions.testing.AuthorizationMatrix.provincialTokens(), Map.of(),
                () -> given().port(PORTS.get(0)));
    }

    @Test
    void aProvincialSupervisorTunesTheRuleOnEveryReplica() {
        String change = """
                {"growthStep": 7,
                 "hour": {"minPetitions": 12, "ratio": 4, "enabled": true},
                 "day": {"minPetitions": 20, "ratio": 3, "enabled": true},
                 "week": {"minPetitions": 40, "ratio": 3, "enabled": false},
                 "groupPetition": {"minPersons": 50, "enabled": true}}""";
        given().port(PORTS.get(0)).auth().oauth2(TestTokens.supervisor("3401")).contentType(ContentType.JSON).body(change)
                .put("/hotspots/rule").then().statusCode(403).contentType("application/problem+json");
        given().port(PORTS.get(0)).auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON)
                .body("{\"growthStep\": 0}").put("/hotspots/rule").then().statusCode(400).contentType("application/problem+json");
        // strict JSON: a duplicate key, an unknown field, text for a number are refused, and a huge body before it is read
        for (String bad : new String[] {
                change.replace("\"growthStep\": 7,", "\"growthStep\": 7, \"growthStep\": 1,"),
                change.replace("\"growthStep\": 7,", "\"growthStep\": 7, \"surprise\": true,"),
                change.replace("\"growthStep\": 7,", "\"growthStep\": \"7\",")}) {
            given().port(PORTS.get(0)).auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON).body(bad)
                    .put("/hotspots/rule").then().statusCode(400).contentType("application/problem+json");
        }
        given().port(PORTS.get(0)).auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON)
                .body("{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}")
                .put("/hotspots/rule").then().statusCode(413).contentType("application/problem+json");
        given().port(PORTS.get(0)).auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON).body(change)
                .put("/hotspots/rule").then().statusCode(200);
        for (int port : PORTS) {
            JsonNode rule = json(given().port(port).auth().oauth2(leader()).get("/hotspots/rule")
                    .then().statusCode(200).extract().asString()).get("rule");
            assertEquals(7, rule.get("growthStep").asInt());
            assertEquals(12, rule.get("windows").get(0).get("minPetitions").asInt());
            assertEquals("PT1H", rule.get("windows").get(0).get("size").asText());
            assertFalse(rule.get("windows").get(2).get("enabled").asBoolean());
        }
        String back = """
                {"growthStep": 5,
                 "hour": {"minPetitions": 10, "ratio": 3, "enabled": true},
                 "day": {"minPetitions": 20, "ratio": 3, "enabled": true},
                 "week": {"minPetitions": 40, "ratio": 3, "enabled": true},
                 "groupPetition": {"minPersons": 50, "enabled": true}}""";
        given().port(PORTS.get(1)).auth().oauth2(TestTokens.supervisor("34")).contentType(ContentType.JSON).body(back)
                .put("/hotspots/rule").then().statusCode(200);
    }

    private static String replicaDiagnostics() {
        StringBuilder lines = new StringBuilder();
        for (int n = 1; n <= REPLICAS.size(); n++) {
            lines.append("replica ").append(n).append(REPLICAS.get(n - 1).isAlive() ? " (running):" : " (exited):").append('\n');
            try {
                List<String> telling = Files.readAllLines(Path.of("target/it-replica-" + n + ".log")).stream()
                        .filter(l -> l.contains("State transition") || l.contains("ERROR") || l.contains("Exception")
                                || l.contains("did not answer") || l.contains("stream thread failed"))
                        .toList();
                telling.subList(Math.max(0, telling.size() - 12), telling.size())
                        .forEach(l -> lines.append("  ").append(l, 0, Math.min(l.length(), 300)).append('\n'));
            } catch (IOException e) {
                lines.append("  (no log: ").append(e.getMessage()).append(")\n");
            }
        }
        return lines.toString();
    }

    private static String registerGroupPetition(String location, int persons) {
        return registerGroupPetition(location, persons, List.of(), List.of());
    }

    private static String registerGroupPetition(String location, int persons, List<String> accusedUnitCodes,
                                                List<String> accusedTargets) {
        String id = UUID.randomUUID().toString();
        String accused = (accusedUnitCodes.isEmpty() ? "" : ", \"accusedUnitCodes\": " + json(accusedUnitCodes))
                + (accusedTargets.isEmpty() ? "" : ", \"accusedTargets\": " + json(accusedTargets));
        String data = """
                {"petitionId": "%s", "trackingNumber": "XF20261126000001", "channel": "WALK_IN", "categoryCode": "%s",
                 "locationCode": "%s", "petitionerRef": "%s", "personCount": %d, "registeredAt": "%s"%s}"""
                .formatted(id, CATEGORY, location, UUID.randomUUID(), persons,
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(8))), accused);
        Contracts.assertValid("petition.registered", data);
        KafkaProbe.send("petition.registered", id, "gov.petition.petition.registered.v1", UUID.randomUUID(), data);
        return id;
    }

    private static List<JsonNode> mine(String body) throws IOException {
        List<JsonNode> views = new ArrayList<>();
        MAPPER.readTree(body).forEach(v -> {
            if (CATEGORY.equals(v.get("hotspot").get("categoryCode").asText())) {
                views.add(v);
            }
        });
        views.sort(java.util.Comparator.comparing(v -> v.get("hotspot").get("hotspotId").asText()));
        return views;
    }

    private static String json(List<String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    private static String leader() {
        return TestTokens.leader("34");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The topics exist where ./petitions made the broker; created here for a broker that predates them. */
    private static void ensureTopics() throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers()))) {
            for (NewTopic topic : List.of(new NewTopic("petition.registered", 6, (short) 1),
                    new NewTopic("hotspot.detected", 6, (short) 1), new NewTopic("insight-service.dlq", 1, (short) 1))) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
            }
        }
    }

}
