package gov.petitions.routing;

import gov.petitions.testing.KafkaProbe;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Ningxia deployment's own input topics on the shared test broker (which creates no topic by itself). Two
 * provinces' deployments do not share input topics: on the shared ones, the Anhui deployment's tests would meet
 * Ningxia's escalations of cases they never routed, and hold their partitions retrying them.
 */
public class NingxiaTopics implements QuarkusTestResourceLifecycleManager {

    static final String PETITION_REGISTERED = "ningxia-test.petition.registered";
    static final String ESCALATION_REQUESTED = "ningxia-test.case.escalation-requested";

    @Override
    public Map<String, String> start() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaProbe.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = List.of(PETITION_REGISTERED, ESCALATION_REQUESTED).stream()
                    .filter(t -> !existing.contains(t)).map(t -> new NewTopic(t, 3, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the Ningxia test topics (is the test broker up? PETITIONS_ENV=test"
                    + " ./petitions infra up): " + e.getMessage(), e);
        }
        return Map.of("mp.messaging.incoming.petition-registered.topic", PETITION_REGISTERED,
                "mp.messaging.incoming.case-escalation-requested.topic", ESCALATION_REQUESTED);
    }

    @Override
    public void stop() {
    }
}
