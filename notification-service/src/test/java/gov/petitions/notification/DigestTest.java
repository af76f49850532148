package gov.petitions.notification;

import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daily overdue digest per jurisdiction, to its supervisors and its covering leader, once a day. */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class DigestTest {

    @jakarta.inject.Inject
    gov.petitions.notification.repository.OverdueRepository overdueCases;

    @Test
    void supervisorsAndTheCoveringLeaderGetOneDigestOfTheOverdueCasesOfTheirJurisdiction() throws Exception {
        String city = "34" + (10 + ThreadLocalRandom.current().nextInt(90));
        String unit = city + "02-DG";
        String supervisors = "digest-sup-" + UUID.randomUUID().toString().substring(0, 8) + "@supervision.gov.example";
        String leader = "digest-leader-" + UUID.randomUUID().toString().substring(0, 8) + "@leaders.gov.example";
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", supervisors))
                .put("/recipients/supervisors-" + city + "/email").then().statusCode(200);
        given().auth().oauth2(ChannelsTest.admin()).contentType(ContentType.JSON).body(Map.of("address", leader))
                .put("/recipients/leader-" + city + "/email").then().statusCode(200);

        String overdue = Events.trackingNumber();
        String answered = Events.trackingNumber();
        String overdueId = UUID.randomUUID().toString();
        String answeredId = UUID.randomUUID().toString();
        Events.deadline(true, overdueId, overdue, unit, OffsetDateTime.now().minusDays(3));
        Events.deadline(true, answeredId, answered, unit, OffsetDateTime.now().minusDays(2));
        // the second case is answered after its breach: it is no longer overdue
        Events.statusChanged(answeredId, answered, "ACCEPTED", "REPLIED", "已答复");
        await().atMost(Duration.ofSeconds(60)).until(() -> ChannelsTest.messages(overdueId).size() >= 2
                && ChannelsTest.messages(answeredId).size() >= 2);
        // the status change is on another topic, applied when it is: until then the answered case is still overdue
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> open = overdueCases.inJurisdiction(city).stream()
                    .map(gov.petitions.notification.repository.OverdueCase::petitionId).toList();
            return open.contains(overdueId) && !open.contains(answeredId);
        });

        // a day of its own, so that reruns of the suite against the same database get their own digest
        LocalDate day = LocalDate.now().plusDays(ThreadLocalRandom.current().nextInt(1_000, 100_000));
        given().auth().oauth2(TestTokens.auditor()).post("/digests/overdue").then().statusCode(403);
        given().auth().oauth2(ChannelsTest.admin()).queryParam("date", day.toString()).post("/digests/overdue")
                .then().statusCode(200).body("jurisdictions", greaterThanOrEqualTo(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> !digests(supervisors).isEmpty() && !digests(leader).isEmpty());
        String text = digests(supervisors).get(0).get("text");
        assertTrue(text.contains(overdue) && text.contains("辖区 " + city), text);
        assertFalse(text.contains(answered), "an answered case is not overdue any more");
        assertTrue(digests(leader).get(0).get("text").contains(overdue));
        assertTrue(digests(leader).get(0).get("subject").contains("包点"));

        // triggered again the same day (another replica's schedule, an operator): nothing more is sent
        given().auth().oauth2(ChannelsTest.admin()).queryParam("date", day.toString()).post("/digests/overdue")
                .then().statusCode(200);
        Thread.sleep(2_000);
        assertEquals(1, digests(supervisors).size());
        assertEquals(1, digests(leader).size());
    }

    /**
     * The answer and the breach come on two topics: a breach heard after the answer that settled it late (the reply
     * came after the due date) leaves the case off the digest, while the breach notices still go out as they would
     * have; and a clock running again later (a reopened case's new handling time) is listed when it breaches.
     */
    @Test
    void aBreachHeardAfterTheAnswerThatSettledItDoesNotListTheCaseAgain() throws Exception {
        String city = "34" + (10 + ThreadLocalRandom.current().nextInt(90));
        String unit = city + "02-DG";
        String tracking = Events.trackingNumber();
        String id = UUID.randomUUID().toString();
        Events.statusChanged(id, tracking, "ACCEPTED", "REPLIED", "已答复");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> overdueCases.settledAt(id, gov.petitions.notification.domain.DeadlineClock.HANDLING).isPresent());

        Events.deadline(true, id, tracking, unit, OffsetDateTime.now().minusDays(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> ChannelsTest.messages(id).stream()
                .anyMatch(m -> String.valueOf(m.get("template")).startsWith("case.deadline-breached")));
        assertTrue(overdueCases.inJurisdiction(city).stream().noneMatch(c -> c.petitionId().equals(id)),
                "answered after it fell due: not overdue");

        // reopened and due again after the answer: that breach is a new one
        Events.deadline(true, id, tracking, unit, OffsetDateTime.now().plusSeconds(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> overdueCases.inJurisdiction(city).stream()
                .anyMatch(c -> c.petitionId().equals(id)));
    }

    /** The supervisors also get the breach notices themselves; the digest is the mail called 日报. */
    private static List<Map<String, String>> digests(String address) {
        return Received.mailsTo(address).stream().filter(m -> m.get("subject").contains("日报")).toList();
    }
}
