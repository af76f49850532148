package gov.petitions.intake.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gov.petitions.intake.config.IntakeConfig;
import gov.petitions.platform.province.InProvince;
import gov.petitions.platform.province.Province;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * routing-service's public unit directory ({@code GET /divisions/{code}/units}): the responsible units of a division
 * with their names, to resolve an accused unit named without a code. Lists are cached (they change rarely); a
 * failed look-up ({@link RoutingCalls}: time-outs, a retry, a circuit breaker) is not cached and answers empty, which
 * the caller treats as "cannot resolve" (fail closed).
 */
@ApplicationScoped
public class UnitDirectory {

    public record Unit(String code, String name, String department, String level) {
    }

    private static final Pattern DIVISION = Pattern.compile(InProvince.ANY_LEVEL);
    private static final Pattern UNIT = Pattern.compile("^[A-Z0-9][A-Z0-9-]{1,63}$");

    private final RoutingCalls routing;
    private final Province province;
    private final Cache<String, List<Unit>> cache;

    public UnitDirectory(IntakeConfig config, RoutingCalls routing, Province province) {
        this.routing = routing;
        this.province = province;
        this.cache = Caffeine.newBuilder().expireAfterWrite(config.routing().cacheTtl()).maximumSize(5_000).build();
    }

    /** The units of a division; empty when routing is not configured or did not answer in time. */
    public Optional<List<Unit>> unitsOf(String divisionCode) {
        // only the deployment's province: routing's directory has no other (it answers 404 outside-province)
        if (!routing.configured() || !DIVISION.matcher(divisionCode).matches() || !province.contains(divisionCode)) {
            return Optional.empty();
        }
        List<Unit> cached = cache.getIfPresent(divisionCode);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<List<Unit>> fetched = routing.unitsOf(divisionCode).map(list -> ownUnits(divisionCode, list));
        fetched.ifPresent(units -> cache.put(divisionCode, units));
        return fetched;
    }

    /** Forgets every cached list (tests, and an operator after the directory changed). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Only this division's own units: a wrong answer must not make another division's unit "accused". */
    private static List<Unit> ownUnits(String divisionCode, JsonNode list) {
        List<Unit> units = new ArrayList<>();
        for (JsonNode u : list) {
            String code = u.path("code").asText("");
            String name = u.path("name").asText("");
            if (UNIT.matcher(code).matches() && code.startsWith(divisionCode + "-") && !name.isBlank()) {
                units.add(new Unit(code, name, u.path("department").asText(null), u.path("level").asText(null)));
            }
        }
        return List.copyOf(units);
    }
}
