package gov.petitions.supervision.service;

import gov.petitions.supervision.Urgency;
import gov.petitions.supervision.config.StatutoryDeadlines;
import gov.petitions.supervision.config.UrgencyClocks;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The clocks of each urgency level and the category rules, checked once at start-up: 《信访工作条例》's limits are the
 * ceiling (15 days to decide on acceptance, 60 days to handle, one extension of at most 30 days), so neither the
 * statutory clocks nor a level's may be configured longer. A wrong configuration stops the service with a message
 * naming the key, rather than letting a unit be given more time than the law allows.
 */
@Startup
@ApplicationScoped
public class UrgencyPolicy {

    /** 《信访工作条例》: decide on acceptance within 15 days of receipt. */
    static final Duration REGULATION_ACCEPTANCE = Duration.ofDays(15);
    /** 《信访工作条例》: handle to a written reply within 60 days of acceptance. */
    static final Duration REGULATION_HANDLING = Duration.ofDays(60);
    /** 《信访工作条例》: one extension of at most 30 days. */
    static final Duration REGULATION_EXTENSION = Duration.ofDays(30);

    private static final Pattern CATEGORY = Pattern.compile("^[a-z][a-z0-9-]{1,39}$");

    /** A level's clocks as they apply. */
    public record Clocks(Duration acceptance, Duration handling, Duration warningBefore) {
    }

    private final Map<Urgency, Clocks> clocks = new EnumMap<>(Urgency.class);
    private final Map<String, Urgency> rules;

    public UrgencyPolicy(StatutoryDeadlines statutory, UrgencyClocks configured) {
        List<String> problems = new ArrayList<>();
        ceiling(problems, "supervision.deadlines.acceptance", statutory.acceptance(), REGULATION_ACCEPTANCE);
        ceiling(problems, "supervision.deadlines.handling", statutory.handling(), REGULATION_HANDLING);
        ceiling(problems, "supervision.deadlines.max-extension", statutory.maxExtension(), REGULATION_EXTENSION);
        clocks.put(Urgency.URGENT_SPECIAL, level(problems, "urgent-special", configured.urgentSpecial(), statutory,
                Duration.ofDays(3), Duration.ofDays(15), Duration.ofDays(1)));
        clocks.put(Urgency.URGENT, level(problems, "urgent", configured.urgent(), statutory,
                Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(2)));
        clocks.put(Urgency.NORMAL, level(problems, "normal", configured.normal(), statutory,
                statutory.acceptance(), statutory.handling(), statutory.warningBefore()));
        rules = rules(problems, configured.rules().orElse(List.of()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Urgency configuration refused (《信访工作条例》's time limits are the ceiling): "
                    + String.join("; ", problems));
        }
    }

    /** The level a case of the category enters the ledger at: its rule's, else NORMAL. */
    public Urgency levelFor(String categoryCode) {
        return categoryCode == null ? Urgency.NORMAL : rules.getOrDefault(categoryCode, Urgency.NORMAL);
    }

    public Clocks clocks(Urgency urgency) {
        return clocks.get(urgency == null ? Urgency.NORMAL : urgency);
    }

    public Map<String, Urgency> rules() {
        return rules;
    }

    private static void ceiling(List<String> problems, String key, Duration value, Duration max) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " is " + show(value) + "; it must be positive");
        } else if (value.compareTo(max) > 0) {
            problems.add(key + " is " + show(value) + ", longer than the " + max.toDays() + " days 《信访工作条例》 allows");
        }
    }

    private static Clocks level(List<String> problems, String name, UrgencyClocks.Clocks configured,
                                StatutoryDeadlines statutory, Duration acceptance, Duration handling, Duration warning) {
        String prefix = "supervision.urgency." + name + ".";
        return new Clocks(
                clock(problems, prefix + "acceptance", configured.acceptance(), acceptance, statutory.acceptance(),
                        "supervision.deadlines.acceptance"),
                clock(problems, prefix + "handling", configured.handling(), handling, statutory.handling(),
                        "supervision.deadlines.handling"),
                warning(problems, prefix + "warning-before", configured.warningBefore(), warning));
    }

    /** A configured clock must fit the statutory one; a default that does not is cut to it. */
    private static Duration clock(List<String> problems, String key, Optional<Duration> configured, Duration fallback,
                                  Duration statutory, String statutoryKey) {
        if (configured.isEmpty()) {
            return fallback.compareTo(statutory) > 0 ? statutory : fallback;
        }
        Duration value = configured.get();
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " is " + show(value) + "; it must be positive");
        } else if (value.compareTo(statutory) > 0) {
            problems.add(key + " is " + show(value) + ", longer than the statutory " + show(statutory) + " (" + statutoryKey + ")");
        }
        return value;
    }

    private static Duration warning(List<String> problems, String key, Optional<Duration> configured, Duration fallback) {
        Duration value = configured.orElse(fallback);
        if (value.isNegative()) {
            problems.add(key + " is " + show(value) + "; it must not be negative");
        }
        return value;
    }

    /** P61D rather than Duration's PT1464H: as an operator writes days. */
    private static String show(Duration value) {
        return !value.isZero() && value.toSeconds() % 86_400 == 0 ? "P" + value.toDays() + "D" : value.toString();
    }

    private static Map<String, Urgency> rules(List<String> problems, List<String> entries) {
        Map<String, Urgency> rules = new LinkedHashMap<>();
        for (String entry : entries) {
            String rule = entry.strip();
            if (rule.isEmpty()) {
                continue;
            }
            int colon = rule.indexOf(':');
            String category = colon < 0 ? rule : rule.substring(0, colon).strip();
            String level = colon < 0 ? "" : rule.substring(colon + 1).strip();
            if (colon < 0 || !CATEGORY.matcher(category).matches()) {
                problems.add("supervision.urgency.rules: '" + rule + "' is not category-code:LEVEL");
                continue;
            }
            Urgency urgency;
            try {
                urgency = Urgency.valueOf(level);
            } catch (IllegalArgumentException e) {
                problems.add("supervision.urgency.rules: '" + level + "' (for " + category
                        + ") is not an urgency level; one of URGENT_SPECIAL, URGENT, NORMAL");
                continue;
            }
            if (rules.putIfAbsent(category, urgency) != null) {
                problems.add("supervision.urgency.rules: " + category + " is listed twice");
            }
        }
        return Collections.unmodifiableMap(rules);
    }
}
