package gov.petitions.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsumerLagTest {

    @Test
    void aGroupsLagIsSummarisedOverTheWindowOnlyTheMostBehindFirst() {
        List<ConsumerLag.Sample> samples = List.of(
                new ConsumerLag.Sample(5, Map.of("supervision-service case.assigned", 9_999L)), // before the window
                new ConsumerLag.Sample(10, Map.of("supervision-service case.assigned", 100L, "routing-service petition.registered", 40L)),
                new ConsumerLag.Sample(20, Map.of("supervision-service case.assigned", 900L, "routing-service petition.registered", 10L)),
                new ConsumerLag.Sample(30, Map.of("supervision-service case.assigned", 2_500L, "routing-service petition.registered", 30L)),
                new ConsumerLag.Sample(40, Map.of("supervision-service case.assigned", 7L))); // after it

        Map<String, ConsumerLag.Summary> summary = ConsumerLag.summarise(samples, 10, 40);

        assertEquals(List.of("supervision-service case.assigned", "routing-service petition.registered"),
                List.copyOf(summary.keySet()));
        // a backlog that grows: 100 → 2,500 over the window
        assertEquals(new ConsumerLag.Summary(3, 900, 2_500, 2_400), summary.get("supervision-service case.assigned"));
        // the commits' trail: it comes and goes
        assertEquals(new ConsumerLag.Summary(3, 30, 40, -10), summary.get("routing-service petition.registered"));
    }
}
