package gov.petitions.routing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A second deployment of the same build, for Ningxia (宁夏回族自治区, 64): its own province configuration, its own
 * database ({@link NingxiaDatabase}), its own input topics ({@link NingxiaTopics}) and consumer group, beside the
 * Anhui deployment the other tests start.
 * The tree comes from the Ningxia files the jar ships (divisions/64/*.csv, extracted from the NBS files).
 */
public class NingxiaDeployment implements QuarkusTestProfile {

    /** Fresh each run, read from the end: the topics keep earlier runs' events, of cases this run's database lacks. */
    static final String GROUP = "routing-ningxia-test-" + UUID.randomUUID();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "petitions.province.code", "64",
                "petitions.province.name", "宁夏回族自治区",
                "mp.messaging.incoming.petition-registered.group.id", GROUP,
                "mp.messaging.incoming.petition-registered.auto.offset.reset", "latest",
                "mp.messaging.incoming.case-escalation-requested.group.id", GROUP,
                "mp.messaging.incoming.case-escalation-requested.auto.offset.reset", "latest");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(NingxiaDatabase.class), new TestResourceEntry(NingxiaTopics.class));
    }
}
