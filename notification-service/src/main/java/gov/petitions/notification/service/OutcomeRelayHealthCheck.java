package gov.petitions.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the outcome relay's state, like the PostgreSQL services' {@code outbox-relay} check: it stays UP while the
 * broker is away (the outcomes wait safely in the outbox); the backlog and the last failure show why they are late.
 */
@Readiness
@ApplicationScoped
public class OutcomeRelayHealthCheck implements HealthCheck {

    private final DeliveryOutcomeRelay relay;

    public OutcomeRelayHealthCheck(DeliveryOutcomeRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return relay.health();
    }
}
