package gov.petitions.insight;

import gov.petitions.platform.province.Province;
import com.fasterxml.jackson.databind.JsonNode;
import gov.petitions.insight.domain.CellCounts;
import gov.petitions.insight.domain.Counts;
import gov.petitions.insight.domain.HotSpotStores;
import gov.petitions.insight.domain.Observation;
import gov.petitions.insight.messaging.HotSpotTopology;
import gov.petitions.insight.service.AccusedUnits;
import gov.petitions.insight.service.SurgeRule;
import gov.petitions.testing.Contracts;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule, with time advanced explicitly: bursts fire, slow or proportional rises do not. */
class HotSpotTopologyTest {

    static final Instant START = Instant.parse("2025-03-03T01:00:00Z"); // 09:00 in Anhui
    static final String TOWNSHIP = "341302104";
    static final String[] EMPLOYER = {"安徽华建建设有限公司", "安徽华建建设有限责任公司", "安徽 华建建设公司", "（安徽）华建建设有限公司"};

    @Test
    void thirtyWagePetitionsAgainstOneEmployerInOneTownshipWithinAnHourFireOnce() {
        // RocksDB here, as in production; the other tests use in-memory stores for speed
        try (TopologyFixture f = new TopologyFixture(START, true).watchingSince(START)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                ids.add(f.register("labour-wages", TOWNSHIP, 1, START.plus(Duration.ofMinutes(2L * i)), EMPLOYER[i % 4]));
            }
            List<TestRecord<String, String>> events = f.hotspots.readRecordsToList();
            assertFalse(events.isEmpty(), "a hot spot is detected");
            List<JsonNode> data = new ArrayList<>();
            for (TestRecord<String, String> event : events) {
                data.add(Contracts.assertValidRecord("hotspot.detected", TopologyFixture.asConsumerRecord(event)));
            }
            Set<String> hotspotIds = new HashSet<>();
            data.forEach(d -> hotspotIds.add(d.get("hotspotId").asText()));
            assertEquals(1, hotspotIds.size(), "one burst is one hot spot, in its narrowest cell: " + hotspotIds);

            JsonNode detected = data.get(0);
            assertEquals("DETECTED", detected.get("status").asText());
            assertEquals(1, detected.get("sequence").asInt());
            assertEquals("安徽华建建设", detected.get("target").asText(), "the four spellings are one employer");
            assertEquals("341302", detected.get("placeCode").asText());
            assertEquals("labour-wages", detected.get("categoryCode").asText());
            assertEquals(10, detected.get("petitionCount").asInt(), "fires at the hour window's minimum of 10");
            assertEquals("SURGE", detected.get("reasons").get(0).get("rule").asText());
            assertEquals("hour", detected.get("reasons").get(0).get("window").asText());
            assertEquals(ids.subList(0, 10), ids(detected));

            JsonNode last = data.get(data.size() - 1);
            assertEquals("GROWING", last.get("status").asText());
            assertEquals(30, last.get("petitionCount").asInt());
            assertEquals(ids, ids(last), "the petitions behind it, oldest first");
            assertEquals(List.of(10, 15, 20, 25, 30), data.stream().map(d -> d.get("petitionCount").asInt()).toList(),
                    "an update for every 5 more petitions, not for each one");

            // the hour passes: the 24-hour window (30 ≥ 20) still holds it; the day after it subsides
            f.driver.advanceWallClockTime(Duration.ofHours(2));
            assertTrue(f.hotspots.isEmpty(), "still hot in the day window");
            f.driver.advanceWallClockTime(Duration.ofHours(23));
            TestRecord<String, String> resolved = f.hotspots.readRecord();
            JsonNode r = Contracts.assertValidRecord("hotspot.detected", TopologyFixture.asConsumerRecord(resolved));
            assertEquals("RESOLVED", r.get("status").asText());
            assertEquals(detected.get("hotspotId").asText(), r.get("hotspotId").asText());
            assertEquals(30, r.get("petitionCount").asInt());
            assertTrue(r.get("reasons").isEmpty());
            assertTrue(f.hotspots.isEmpty());

            long petitions = 0;
            long persons = 0;
            for (CellCounts.Window w : counts(f, "hour", HotSpotStores.cellKey(TOWNSHIP, "labour-wages", null),
                    START.minus(Duration.ofHours(1)), START.plus(Duration.ofHours(2)))) {
                petitions += w.counts().petitions();
                persons += w.counts().persons();
            }
            assertEquals(30, petitions, "the hourly counts of the township behind the charts");
            assertEquals(30, persons);
        }
    }

    @Test
    void theSameThirtySpreadOverAMonthDoNotFire() {
        try (TopologyFixture f = new TopologyFixture(START).watchingSince(START)) {
            for (int i = 0; i < 30; i++) {
                f.register("labour-wages", TOWNSHIP, 1, START.plus(Duration.ofDays(i)), EMPLOYER[i % 4]);
            }
            f.driver.advanceWallClockTime(Duration.ofDays(31));
            assertTrue(f.hotspots.isEmpty(), "one a day is what a county lives with: " + f.hotspots.readValuesToList());
        }
    }

    @Test
    void aCityWideRiseInProportionToTheBaselineDoesNotFire() {
        String[] counties = {"341302", "341321", "341322"};
        // the service starts with this city's history: the first week is learnt, not judged
        try (TopologyFixture f = new TopologyFixture(START)) {
            // four weeks at 10 a day in each county, spread over five townships
            for (int day = 0; day < 35; day++) {
                int perDay = day < 28 ? 10 : 14; // then the whole city rises by 40 % for a week
                for (String county : counties) {
                    for (int n = 0; n < perDay; n++) {
                        Instant at = START.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(n * (24 * 60L / perDay)))
                                .plusSeconds(county.hashCode() % 600 + 600);
                        f.register("labour-wages", county + "10" + (n % 5), 1, at);
                    }
                }
            }
            assertTrue(f.hotspots.isEmpty(), "a rise proportional to the baseline is not a hot spot: "
                    + f.hotspots.readValuesToList());

            // the rise is real in the counts: the week window of a county shows it
            Instant lastWeekStart = START.plus(Duration.ofDays(28));
            long max = 0;
            for (CellCounts.Window w : weeks(f, HotSpotStores.cellKey("341302", "labour-wages", null),
                    lastWeekStart.minus(Duration.ofDays(1)), lastWeekStart.plus(Duration.ofDays(1)))) {
                max = Math.max(max, w.counts().petitions());
            }
            assertTrue(max >= 95, "98 petitions in the last week of one county, was " + max);
        }
    }

    @Test
    void aGroupPetitionAboveThePersonThresholdFiresOnItsOwn() {
        try (TopologyFixture f = new TopologyFixture(START)) {
            f.register("land-acquisition", "340123100", 3, START);
            String group = f.register("land-acquisition", "340123100", 80, START.plus(Duration.ofMinutes(5)));
            TestRecord<String, String> event = f.hotspots.readRecord();
            JsonNode d = Contracts.assertValidRecord("hotspot.detected", TopologyFixture.asConsumerRecord(event));
            assertEquals("DETECTED", d.get("status").asText());
            assertEquals("GROUP_PETITION", d.get("reasons").get(0).get("rule").asText());
            assertEquals("340123100", d.get("placeCode").asText());
            assertEquals("TOWNSHIP", d.get("placeLevel").asText());
            assertTrue(d.get("target").isNull());
            assertEquals(List.of(group), ids(d));
            assertEquals(80, d.get("personCount").asInt());
            assertTrue(f.hotspots.isEmpty(), "the county is not reported again for the same petition");

            String small = f.register("land-acquisition", "340123100", 49, START.plus(Duration.ofMinutes(10)));
            assertTrue(f.hotspots.isEmpty(), "49 persons is below the threshold: " + small);
        }
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
        try (TopologyFixture f = new TopologyFixture(START)) {
            f.send("not-a-cloud-event", "{\"petitionId\": 1}", null, START);
            f.send("0f8b6c1e-3d2a-4b7e-9c51-2a6f4e8d7b10", "this is not JSON", "gov.petition.petition.registered.v1", START);
            f.send("0f8b6c1e-3d2a-4b7e-9c51-2a6f4e8d7b11", Contracts.example("petition.registered"),
                    "gov.petition.case.assigned.v1", START);
            String missing = Contracts.example("petition.registered").replaceAll("\"locationCode\": \"[0-9]+\",", "");
            f.send("0f8b6c1e-3d2a-4b7e-9c51-2a6f4e8d7b10", missing, "gov.petition.petition.registered.v1", START);

            List<TestRecord<String, String>> dead = f.deadLetters.readRecordsToList();
            assertEquals(4, dead.size());
            assertEquals("this is not JSON", dead.get(1).value(), "the original value, unchanged");
            List<String> reasons = dead.stream().map(r -> new String(r.headers().lastHeader("dead-letter-reason").value())).toList();
            assertTrue(reasons.get(0).contains("ce_specversion"), reasons.get(0));
            assertTrue(reasons.get(1).contains("not JSON"), reasons.get(1));
            assertTrue(reasons.get(2).contains("ce_type"), reasons.get(2));
            assertTrue(reasons.get(3).contains("locationCode"), reasons.get(3));
            assertEquals(HotSpotTopology.PETITION_REGISTERED,
                    new String(dead.get(0).headers().lastHeader("dead-letter-topic").value()));

            f.register("land-acquisition", "340123100", 80, START.plusSeconds(60));
            assertEquals("DETECTED", Contracts.assertValidRecord("hotspot.detected",
                    TopologyFixture.asConsumerRecord(f.hotspots.readRecord())).get("status").asText());
        }
    }

    /** Issue 19: the province is the deployment's configuration; a place of another province is poison, named so. */
    @Test
    void aDeploymentForNingxiaWatchesNingxiasPlacesAndRefusesAnhuis() throws Exception {
        try (TopologyFixture f = new TopologyFixture(START, false, "64")) {
            f.register("land-acquisition", "340123100", 80, START);
            List<TestRecord<String, String>> dead = f.deadLetters.readRecordsToList();
            assertEquals(1, dead.size());
            String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value());
            assertTrue(reason.contains("locationCode") && reason.contains("province 64"), reason);
            assertTrue(f.hotspots.isEmpty());

            // a group petition of 80 in a township of Yinchuan's 兴庆区 fires on its own, as one of Anhui's does there
            f.register("land-acquisition", "640104001", 80, START.plusSeconds(60));
            com.fasterxml.jackson.databind.JsonNode detected = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(f.hotspots.readRecord().value());
            assertEquals("DETECTED", detected.get("status").asText());
            assertEquals("640104", detected.get("countyCode").asText());
        }
    }

    @Test
    void aRedeliveredPetitionIsCountedOnce() {
        try (TopologyFixture f = new TopologyFixture(START)) {
            // the contract's example, as a producer may send it
            String example = Contracts.example("petition.registered");
            Contracts.assertValid("petition.registered", example);
            String id = "0f8b6c1e-3d2a-4b7e-9c51-2a6f4e8d7b10";
            Instant at = Instant.parse("2025-03-01T01:15:30Z");
            f.send(id, example, "gov.petition.petition.registered.v1", at);
            f.send(id, example, "gov.petition.petition.registered.v1", at);
            assertEquals(List.of(new Counts(1, 12)), counts(f, "hour",
                    HotSpotStores.cellKey("340123100", "land-acquisition", null), at.minus(Duration.ofHours(1)), at)
                    .stream().map(CellCounts.Window::counts).toList());
            assertTrue(f.deadLetters.isEmpty());
            assertTrue(f.hotspots.isEmpty());
        }
    }

    @Test
    void aThresholdChangedAtRuntimeAppliesToTheNextEvaluation() {
        try (TopologyFixture f = new TopologyFixture(START).watchingSince(START)) {
            SurgeRule.WindowRule hour = TopologyFixture.RULE.window("hour");
            f.rule.set(new SurgeRule(TopologyFixture.RULE.baseline(), 5, List.of(
                    new SurgeRule.WindowRule("hour", hour.size(), 5, hour.ratio(), true),
                    TopologyFixture.RULE.window("day"), TopologyFixture.RULE.window("week")),
                    TopologyFixture.RULE.group()));
            for (int i = 0; i < 5; i++) {
                f.register("education", "341302104", 1, START.plus(Duration.ofMinutes(i)));
            }
            JsonNode d = Contracts.assertValidRecord("hotspot.detected", TopologyFixture.asConsumerRecord(f.hotspots.readRecord()));
            assertEquals(5, d.get("petitionCount").asInt(), "five in an hour reach a minimum lowered to five");
            assertEquals("341302104", d.get("placeCode").asText());
            assertEquals(5.0, d.get("windows").get(0).get("threshold").asDouble());
        }
    }

    @Test
    void aHotSpotOverPetitionsAccusingTheCityGovernmentCarriesItsRecusalSet() {
        String government = "宿州市人民政府";
        try (TopologyFixture f = new TopologyFixture(START).watchingSince(START)) {
            for (int i = 0; i < 10; i++) {
                f.registerAccusing("land-acquisition", TOWNSHIP, 1, START.plus(Duration.ofMinutes(i)),
                        List.of("3413-ZF"), government);
            }
            JsonNode detected = Contracts.assertValidRecord("hotspot.detected",
                    TopologyFixture.asConsumerRecord(f.hotspots.readRecord()));
            assertEquals("DETECTED", detected.get("status").asText());
            assertEquals(government, detected.get("target").asText());
            assertEquals(List.of("3413-ZF"), texts(detected.get("accusedUnitCodes")),
                    "the event names whom the petitions behind it accuse");
            HotSpot stored = f.driver.<String, HotSpot>getKeyValueStore(HotSpotStores.HOTSPOTS)
                    .get(detected.get("hotspotId").asText());
            assertTrue(stored.recuses("3413"), "the city's own supervisors are recused");
            assertTrue(stored.recuses("341302"), "and its county's");
            assertFalse(stored.recuses("34"), "the province's are not");

            // one more petition, below the growth step, now also accuses the county's labour bureau: no event, but the
            // stored hot spot (what REST shows) is hidden from it at once
            f.registerAccusing("land-acquisition", TOWNSHIP, 1, START.plus(Duration.ofMinutes(11)),
                    List.of("3413-ZF", "341302-RSJ"), government);
            assertTrue(f.hotspots.isEmpty());
            stored = f.driver.<String, HotSpot>getKeyValueStore(HotSpotStores.HOTSPOTS)
                    .get(detected.get("hotspotId").asText());
            assertEquals(List.of("3413-ZF", "341302-RSJ"), stored.accusedUnitCodes());
            assertEquals(1, stored.sequence(), "still what its last event said otherwise");

            // the chart of the accused target keeps whom it is about; the township's counts name no one
            Set<String> targetCodes = new HashSet<>();
            counts(f, "hour", HotSpotStores.cellKey("341302", "land-acquisition", "宿州市人民政府"),
                    START.minus(Duration.ofHours(1)), START.plus(Duration.ofHours(1)))
                    .forEach(w -> targetCodes.addAll(w.counts().accusedUnitCodes()));
            assertEquals(Set.of("3413-ZF", "341302-RSJ"), targetCodes);
            assertEquals(new Counts(11, 11), counts(f, "hour", HotSpotStores.cellKey(TOWNSHIP, "land-acquisition", null),
                    START.minus(Duration.ofHours(1)), START.plus(Duration.ofHours(1))).get(0).counts());
        }
    }

    @Test
    void malformedAccusedUnitCodesArePoisonNotSilentlyDropped() {
        try (TopologyFixture f = new TopologyFixture(START)) {
            String example = Contracts.example("petition.registered");
            String tooMany = java.util.stream.IntStream.range(0, 21).mapToObj(n -> "\"3413" + (10 + n) + "-ZF\"")
                    .collect(java.util.stream.Collectors.joining(",", "[", "]"));
            for (String codes : new String[] {"\"3413-ZF\"", "[\"3413-zf\"]", "[17]", "{\"a\": 1}", tooMany}) {
                String bad = example.replaceFirst("\"accusedUnitCodes\": \\[[^\\]]*\\]", "\"accusedUnitCodes\": " + codes);
                assertTrue(bad.contains("\"accusedUnitCodes\": " + codes), bad);
                f.send("0f8b6c1e-3d2a-4b7e-9c51-2a6f4e8d7b10", bad, "gov.petition.petition.registered.v1", START);
            }
            List<TestRecord<String, String>> dead = f.deadLetters.readRecordsToList();
            assertEquals(5, dead.size(), "a recusal set that cannot be read must not count as none");
            dead.forEach(r -> assertTrue(new String(r.headers().lastHeader("dead-letter-reason").value())
                    .contains("accusedUnitCodes")));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static List<String> ids(JsonNode data) {
        List<String> ids = new ArrayList<>();
        data.get("petitionIds").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    @Test
    void chartDaysStartAtMidnightInChina() {
        try (TopologyFixture f = new TopologyFixture(START)) {
            // 23:30 on the 4th and 00:30 on the 5th in China: two days there, one day in UTC
            f.register("education", "341302104", 1, Instant.parse("2026-12-04T15:30:00Z"));
            f.register("education", "341302104", 2, Instant.parse("2026-12-04T16:30:00Z"));
            java.util.Map<Instant, Counts> byStart = new java.util.TreeMap<>();
            counts(f, "day", HotSpotStores.cellKey("341302104", "education", null),
                    Instant.parse("2026-12-03T00:00:00Z"), Instant.parse("2026-12-06T00:00:00Z"))
                    .forEach(w -> byStart.put(Instant.ofEpochMilli(w.start()), w.counts()));
            assertEquals(java.util.Map.of(
                    Instant.parse("2026-12-03T16:00:00Z"), new Counts(1, 1),   // 12-04 00:00 in China
                    Instant.parse("2026-12-04T16:00:00Z"), new Counts(1, 2)),  // 12-05 00:00 in China
                    byStart);

            List<CellCounts.Window> weeks = weeks(f, HotSpotStores.cellKey("341302104", "education", null),
                    Instant.parse("2026-11-20T00:00:00Z"), Instant.parse("2026-12-06T00:00:00Z"));
            for (CellCounts.Window w : weeks) {
                Instant start = Instant.ofEpochMilli(w.start());
                assertEquals(java.time.LocalTime.MIDNIGHT, start.atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalTime(),
                        "a 7-day window moving by a day starts at midnight in China: " + start);
            }
            // 7-day totals moving by a day: the window from 11-28 (China) holds the first petition only, those from
            // 11-29 to 12-04 hold both, the one from 12-05 the second only
            java.util.Map<Instant, Long> totals = new java.util.TreeMap<>();
            weeks.forEach(w -> totals.put(Instant.ofEpochMilli(w.start()), w.counts().persons()));
            assertEquals(8, totals.size(), "the windows from 11-28 to 12-05 (China) hold a petition: " + totals);
            assertEquals(1, totals.get(Instant.parse("2026-11-27T16:00:00Z")));
            assertEquals(3, totals.get(Instant.parse("2026-11-28T16:00:00Z")));
            assertEquals(3, totals.get(Instant.parse("2026-12-03T16:00:00Z")));
            assertEquals(2, totals.get(Instant.parse("2026-12-04T16:00:00Z")));
        }
    }

    /** The 7-day windows of a cell as the charts read them. */
    private static List<CellCounts.Window> weeks(TopologyFixture f, String cell, Instant from, Instant to) {
        return counts(f, "week", cell, from, to);
    }

    /** A cell's counts per window as the charts read them: from the detector's observations. */
    private static List<CellCounts.Window> counts(TopologyFixture f, String window, String cell, Instant from,
                                                  Instant to) {
        WindowStore<String, Observation> observations = f.driver.getWindowStore(HotSpotStores.OBSERVATIONS);
        return CellCounts.read(observations, TopologyFixture.RULE.window(window).size(), cell, from, to,
                new AccusedUnits(Province.current().code()));
    }
}
