package gov.petitions.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the relay's state. It stays UP while the broker is away (the service still takes
 * petitions and they wait safely in the outbox); the last failure shows why events are late.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("outbox-relay").up()
                .withData("backlog", relay.backlog());
        if (relay.lastSuccess() != null) {
            builder.withData("lastPublished", relay.lastSuccess().toString());
        }
        if (relay.lastFailure() != null) {
            builder.withData("lastFailure", relay.lastFailure());
        }
        return builder.build();
    }
}
