package gov.petitions.notification;

import gov.petitions.testing.MovableClock;
import gov.petitions.testing.TestSecrets;
import gov.petitions.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A printed decision carries the handler's own text, which events never carry: the letter channel asks supervision's
 * written-decision endpoint (a real HTTP stand-in here) when it sends the letter, and the PDF read back shows it.
 * Supervision unavailable: the letter waits and is printed once it answers; no decision there: not printed at all.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class WrittenDecisionLettersTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** The event's reason of each stage as supervision writes it: a label, not the decision. */
    private static final Map<String, String> LABELS = Map.of(
            "REPLIED", "written reply (书面答复)",
            "REVIEW_REPLIED", "review answered (复查意见)",
            "FINAL", "final after re-review (终结)",
            "NOT_ACCEPTED", "不属于信访事项");

    private static final Map<String, String> TEMPLATES = Map.of(
            "REPLIED", "case.replied.petitioner",
            "REVIEW_REPLIED", "case.review-replied.petitioner",
            "FINAL", "case.final.petitioner",
            "NOT_ACCEPTED", "case.not-accepted.petitioner");

    private static final Map<String, String> FROM = Map.of(
            "REPLIED", "ACCEPTED", "REVIEW_REPLIED", "REVIEW_REQUESTED", "FINAL", "RE_REVIEW_REPLIED",
            "NOT_ACCEPTED", "ASSIGNED");

    private static final Map<String, String> TITLES = Map.of(
            "REPLIED", "信访事项处理意见书", "REVIEW_REPLIED", "信访事项复查意见书", "FINAL", "信访事项复核意见书",
            "NOT_ACCEPTED", "不予受理告知书");

    private static String registered() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        Events.registered(petitionId, UUID.randomUUID().toString(), Events.trackingNumber());
        await().atMost(Duration.ofSeconds(60)).until(() -> !ChannelsTest.messages(petitionId).isEmpty());
        return petitionId;
    }

    private static String number(String petitionId) {
        return given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                .then().extract().jsonPath().getString("[0].subject").replaceAll("^.*（(.*)）$", "$1");
    }

    private static Map<String, Object> letterMessage(String petitionId) {
        return ChannelsTest.messages(petitionId).stream().filter(m -> "LETTER".equals(m.get("channel")))
                .findFirst().orElse(null);
    }

    private static Map<String, Object> awaitLetter(String petitionId, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, Object> letter = letterMessage(petitionId);
            return letter != null && status.equals(letter.get("status"));
        });
        return letterMessage(petitionId);
    }

    private static List<String> queued() {
        return given().auth().oauth2(ChannelsTest.clerk()).get("/print-queue").then().statusCode(200)
                .extract().jsonPath().getList("letterId");
    }

    private static String pdfText(String letterId) throws Exception {
        byte[] pdf = given().auth().oauth2(ChannelsTest.clerk()).get("/print-queue/" + letterId + "/pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            // PDFBox breaks long lines where the page does: compare without line breaks
            return new PDFTextStripper().getText(document).replaceAll("\\R", "");
        }
    }

    private static String decision(String status) {
        return switch (status) {
            case "REPLIED" -> "经调查核实，某某公司拖欠你工资3万元属实，已责成其于12月20日前全部补发。编号" + UUID.randomUUID().toString().substring(0, 8);
            case "REVIEW_REPLIED" -> "经复查，原处理意见认定事实清楚，维持原处理意见。编号" + UUID.randomUUID().toString().substring(0, 8);
            case "FINAL" -> "经复核，复查意见适用依据正确，予以维持。编号" + UUID.randomUUID().toString().substring(0, 8);
            default -> "该事项已由人民法院受理，依法不予受理，请通过诉讼途径解决。编号" + UUID.randomUUID().toString().substring(0, 8);
        };
    }

    @Test
    void eachPrintedDecisionCarriesTheHandlersTextFromSupervision() throws Exception {
        for (String status : List.of("REPLIED", "REVIEW_REPLIED", "FINAL", "NOT_ACCEPTED")) {
            String petitionId = registered();
            String number = number(petitionId);
            String text = decision(status);
            Received.decision(petitionId, status, text);
            Events.statusChanged(petitionId, number, FROM.get(status), status, LABELS.get(status));

            Map<String, Object> letter = awaitLetter(petitionId, "DELIVERED");
            assertEquals(TEMPLATES.get(status), letter.get("template"));
            assertTrue(((String) letter.get("text")).contains(text), "the message shows what was printed: " + letter.get("text"));
            String pdf = pdfText((String) letter.get("messageId"));
            assertTrue(pdf.contains(text), status + ": the handler's text in the PDF: [" + pdf + "]");
            assertTrue(pdf.contains(TITLES.get(status)) && pdf.contains(number), pdf);
            if (!"NOT_ACCEPTED".equals(status)) {
                assertFalse(pdf.contains(LABELS.get(status)), status + ": the event's label is no answer: " + pdf);
            }

            Map<String, Object> asked = Received.requests("supervision").stream()
                    .filter(r -> ((String) r.get("path")).equals("/supervision/cases/" + petitionId + "/written-decision"))
                    .findFirst().orElseThrow();
            assertEquals("status=" + status, asked.get("query"));
            assertTrue(StandIns.isNotificationServiceIdentity((String) asked.get("authorization")),
                    "asked with notification-service's own short-lived identity");
        }
    }

    @Test
    void whileSupervisionCannotAnswerTheLetterWaitsAndIsPrintedWhenItDoes() throws Exception {
        String petitionId = registered();
        String text = decision("REPLIED");
        Received.decision(petitionId, "REPLIED", text);
        // three attempts fail (the test's max-attempts is 4), each asking twice (SupervisionCalls retries a read once):
        // the fourth attempt prints it
        Received.supervisionFails(petitionId, 6);
        Events.statusChanged(petitionId, number(petitionId), "ACCEPTED", "REPLIED", LABELS.get("REPLIED"));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, Object> letter = letterMessage(petitionId);
            return letter != null && "FAILED".equals(letter.get("status"));
        });
        Map<String, Object> waiting = letterMessage(petitionId);
        String letterId = (String) waiting.get("messageId");
        boolean queuedWhileFailing = queued().contains(letterId);
        Map<String, Object> after = letterMessage(petitionId);
        if ("FAILED".equals(after.get("status"))) {
            assertFalse(queuedWhileFailing, "no letter is queued before its text is known");
        }

        Map<String, Object> letter = awaitLetter(petitionId, "DELIVERED");
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) letter.get("attempts");
        assertEquals(4, attempts.size(), String.valueOf(attempts));
        for (Map<String, Object> attempt : attempts.subList(0, 3)) {
            assertEquals("written decision: supervision answered HTTP 503", attempt.get("error"));
        }
        assertTrue(queued().contains(letterId));
        assertTrue(pdfText(letterId).contains(text));
        // six failed look-ups and the one answered: each attempt's failure was asked once more before it counted
        assertEquals(7, Received.requests("supervision").stream()
                .filter(r -> String.valueOf(r.get("path")).contains(petitionId)).count());
    }

    @Test
    void supervisionDownForLongerTheLetterDiesUnprintedAndIsPrintedWhenResentAfterItIsBack() throws Exception {
        String petitionId = registered();
        String text = decision("REVIEW_REPLIED");
        Received.decision(petitionId, "REVIEW_REPLIED", text);
        Received.supervisionFails(petitionId, -1);
        Events.statusChanged(petitionId, number(petitionId), "REVIEW_REQUESTED", "REVIEW_REPLIED", LABELS.get("REVIEW_REPLIED"));

        Map<String, Object> dead = awaitLetter(petitionId, "DEAD");
        String letterId = (String) dead.get("messageId");
        assertFalse(queued().contains(letterId), "never printed without its text");

        Received.supervisionBack(petitionId);
        given().auth().oauth2(ChannelsTest.admin()).post("/messages/" + letterId + "/resend").then().statusCode(200);
        awaitLetter(petitionId, "DELIVERED");
        assertTrue(pdfText(letterId).contains(text));
    }

    @Test
    void withoutADecisionInSupervisionTheLetterIsNotPrintedAndSaysWhy() throws Exception {
        String petitionId = registered();
        Received.decision(petitionId, "FINAL", "");
        Events.statusChanged(petitionId, number(petitionId), "RE_REVIEW_REPLIED", "FINAL", LABELS.get("FINAL"));

        Map<String, Object> letter = awaitLetter(petitionId, "DEAD");
        List<Map<String, Object>> attempts = (List<Map<String, Object>>) letter.get("attempts");
        assertEquals(1, attempts.size(), "no retry can mend a missing decision");
        assertEquals(1, Received.requests("supervision").stream()
                .filter(r -> String.valueOf(r.get("path")).contains(petitionId)).count(), "nor is a 404 asked again");
        assertEquals("written decision: supervision has no FINAL decision for this petition (HTTP 404); "
                + "the letter is not printed without it", attempts.get(0).get("error"));
        assertFalse(queued().contains((String) letter.get("messageId")));
        String unsent = (String) letter.get("text");
        assertFalse(unsent.contains("null") || unsent.contains(LABELS.get("FINAL")), unsent);
        // the petitioner's SMS of the step is not held up by the letter
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(TestTokens.auditor()).queryParam("petitionId", petitionId).get("/messages")
                        .then().body("find { it.template == 'case.final.petitioner' && it.channel == 'SMS' }.status",
                                equalTo("DELIVERED")));
    }

    @Test
    void aLetterIsDatedWithChinasDate() throws Exception {
        // 07:30 and 00:30 on the 10th in China, days away from the real date the suite runs on
        for (String at : List.of("2026-12-09T23:30:00Z", "2026-12-09T16:30:00Z")) {
            clock.moveTo(Instant.parse(at));
            String petitionId = registered();
            Events.statusChanged(petitionId, number(petitionId), "ACCEPTED", "REPLIED", LABELS.get("REPLIED"));
            Map<String, Object> letter = awaitLetter(petitionId, "DELIVERED");
            String pdf = pdfText((String) letter.get("messageId"));
            assertTrue(pdf.contains("2026年12月10日"), at + ": " + pdf);
            assertFalse(pdf.contains("2026年12月9日"), at + ": " + pdf);
            given().auth().oauth2(ChannelsTest.clerk()).get("/print-queue").then()
                    .body("find { it.letterId == '" + letter.get("messageId") + "' }.queuedAt",
                            org.hamcrest.Matchers.startsWith("2026-12-10T"));
            clock.reset();
        }
    }
}
