package gov.petitions.intake.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gov.petitions.intake.config.IntakeConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * routing-service's public unit directory ({@code GET /divisions/{code}/units}): the responsible units of a division
 * with their names, to resolve an accused unit named without a code. Lists are cached (they change rarely); a
 * failed look-up is not cached and answers empty, which the caller treats as "cannot resolve" (fail closed).
 */
@ApplicationScoped
public class UnitDirectory {

    public record Unit(String code, String name, String department, String level) {
    }

    private static final Pattern DIVISION = Pattern.compile("^34([0-9]{2}([0-9]{2}([0-9]{3})?)?)?$");
    private static final Pattern UNIT = Pattern.compile("^[A-Z0-9][A-Z0-9-]{1,63}$");

    private final Optional<String> base;
    private final Duration timeout;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Cache<String, List<Unit>> cache;

    public UnitDirectory(IntakeConfig config, ObjectMapper mapper) {
        this.base = config.routing().url().map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.timeout = config.routing().timeout();
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.cache = Caffeine.newBuilder().expireAfterWrite(config.routing().cacheTtl()).maximumSize(5_000).build();
    }

    /** The units of a division; empty when routing is not configured or did not answer in time. */
    public Optional<List<Unit>> unitsOf(String divisionCode) {
        if (base.isEmpty() || !DIVISION.matcher(divisionCode).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(cache.get(divisionCode, this::fetch));
        } catch (UncheckedIOException | IllegalStateException e) {
            Log.warnf("routing's unit directory did not answer for %s: %s", divisionCode, e.getMessage());
            return Optional.empty();
        }
    }

    /** Forgets every cached list (tests, and an operator after the directory changed). */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    private List<Unit> fetch(String divisionCode) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.orElseThrow() + "/divisions/" + divisionCode + "/units"))
                .timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        if (response.statusCode() == 404) {
            return List.of(); // routing knows no such division: nothing to match, the caller flags the name
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        try {
            JsonNode body = mapper.readTree(response.body());
            if (!body.isArray()) {
                throw new IllegalStateException("not a list");
            }
            List<Unit> units = new ArrayList<>();
            for (JsonNode u : body) {
                String code = u.path("code").asText("");
                String name = u.path("name").asText("");
                // only this division's own units: a wrong answer must not make another division's unit "accused"
                if (UNIT.matcher(code).matches() && code.startsWith(divisionCode + "-") && !name.isBlank()) {
                    units.add(new Unit(code, name, u.path("department").asText(null), u.path("level").asText(null)));
                }
            }
            return List.copyOf(units);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable answer", e);
        }
    }
}
