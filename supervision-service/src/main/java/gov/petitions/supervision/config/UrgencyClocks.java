package gov.petitions.supervision.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The clocks of each urgency level (特急 / 急 / 一般) and which level a category gets by rule. 《信访工作条例》 sets the
 * longest a unit may take — 15 days to decide on acceptance (受理), 60 days from acceptance to the written reply (办结)
 * — so a level's clocks may be shorter, never longer: a configured clock above the statutory one
 * ({@link StatutoryDeadlines}) stops the service at start-up (UrgencyPolicy). A level's clock that is not configured
 * is its default (特急 3 / 15 days, 急 7 / 30 days, 一般 the statutory ones), cut to the statutory clock where that is
 * shorter (tests run the statutory clocks in seconds).
 */
@ConfigMapping(prefix = "supervision.urgency")
public interface UrgencyClocks {

    /** 特急: defaults acceptance P3D, handling P15D, warned P1D before. */
    Clocks urgentSpecial();

    /** 急: defaults acceptance P7D, handling P30D, warned P2D before. */
    Clocks urgent();

    /** 一般: defaults the statutory clocks and warning (supervision.deadlines.*). */
    Clocks normal();

    /**
     * Category rules, {@code category-code:LEVEL} each (e.g. {@code labour-wages:URGENT,public-safety:URGENT_SPECIAL}):
     * a case of a listed category enters the ledger at that level, any other at NORMAL. An unknown level or a
     * category listed twice stops the service at start-up.
     */
    Optional<List<String>> rules();

    interface Clocks {

        /** From receipt (or from a new unit's assignment after escalation) to the decision on acceptance. */
        Optional<Duration> acceptance();

        /** From acceptance to the written reply. */
        Optional<Duration> handling();

        /** How long before either deadline the unit is warned (case.deadline-warning). */
        Optional<Duration> warningBefore();
    }
}
