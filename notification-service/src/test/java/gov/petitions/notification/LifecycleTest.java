package gov.petitions.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.testing.TestSecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A case from registration to the final re-review answer, every event delivered twice by the broker: the
 * petitioner's phone receives each step exactly once through the SMS gateway, and the written decisions
 * are queued as letters.
 */
@QuarkusTest
@QuarkusTestResource(TestSecrets.class)
@QuarkusTestResource(StandIns.class)
class LifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePetitionerHearsOfEveryStepOnceHoweverOftenTheEventsCome() throws Exception {
        String petitionId = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        String number = Events.trackingNumber();
        String phone = "1366" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        Received.contact(ref, "周测试", phone, "安徽省阜阳市测试路2号");

        List<ThrowingStep> steps = List.of(
                () -> Events.registered(petitionId, ref, number),
                () -> Events.assigned(petitionId, number, "341302-RSJ", "埇桥区人力资源和社会保障局"),
                () -> Events.statusChanged(petitionId, number, "ASSIGNED", "ACCEPTED", "受理"),
                () -> Events.statusChanged(petitionId, number, "ACCEPTED", "EXTENDED", "需要现场调查"),
                () -> Events.statusChanged(petitionId, number, "EXTENDED", "REPLIED", "已责成补发工资"),
                () -> Events.statusChanged(petitionId, number, "REVIEW_REQUESTED", "REVIEW_REPLIED", "维持原处理意见"),
                () -> Events.statusChanged(petitionId, number, "RE_REVIEW_REQUESTED", "FINAL", "维持复查意见"));
        for (ThrowingStep step : steps) {
            // each event twice, with the same id: a redelivery, not a new step
            Events.redeliver(step.send());
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, Object>> messages = ChannelsTest.messages(petitionId);
            return messages.stream().filter(m -> "PETITIONER".equals(m.get("recipientKind"))).count() == 10
                    && messages.stream().allMatch(m -> "DELIVERED".equals(m.get("status")));
        });
        Thread.sleep(2_000); // time for a duplicate to show, were there one
        List<String> texts = Received.requests("sms").stream().map(r -> (String) r.get("body"))
                .filter(body -> body.contains(phone)).map(LifecycleTest::text).toList();
        assertEquals(7, texts.size(), "one SMS per step: " + texts);
        for (String expected : List.of("已于", "已转交埇桥区人力资源和社会保障局办理", "已受理", "办理期限延长",
                "已办结", "复查意见已答复", "依法终结")) {
            assertTrue(texts.stream().anyMatch(t -> t.contains(expected) && t.contains(number)), expected + " in " + texts);
        }
        List<String> letters = ChannelsTest.messages(petitionId).stream().filter(m -> "LETTER".equals(m.get("channel")))
                .map(m -> (String) m.get("template")).sorted().toList();
        assertEquals(List.of("case.final.petitioner", "case.replied.petitioner", "case.review-replied.petitioner"), letters);
    }

    private static String text(String body) {
        try {
            return JSON.readTree(body).get("text").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    interface ThrowingStep {
        UUID send() throws Exception;
    }
}
