package gov.petitions.insight.service;

import gov.petitions.insight.config.InsightConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The rule in force on this replica; the detector reads it for every evaluation. */
@ApplicationScoped
public class RuleSettings implements Supplier<SurgeRule> {

    private final SurgeRule configured;
    private final AtomicReference<SurgeRule> current;

    public RuleSettings(InsightConfig config) {
        this.configured = SurgeRule.of(config.rule());
        this.current = new AtomicReference<>(configured);
    }

    @Override
    public SurgeRule get() {
        return current.get();
    }

    public SurgeRule configured() {
        return configured;
    }

    public void set(SurgeRule rule) {
        current.set(rule);
    }
}
