package gov.petitions.insight.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.petitions.insight.client.ReplicaCalls;
import gov.petitions.insight.service.HotSpotQueries;
import gov.petitions.insight.service.RuleSettings;
import gov.petitions.insight.service.SurgeRule;
import gov.petitions.platform.security.Roles;
import io.quarkus.logging.Log;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;

/**
 * The surge rule in force, and its thresholds changed at runtime. A change is applied on every live
 * replica at once (each holds some partitions), but kept in memory only: a replica that restarts comes
 * back with the configured rule, so a lasting change belongs in the configuration (README.md).
 */
@Path("/hotspots/rule")
@Tag(name = "Hot spots")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
public class RuleResource {

    private final RuleSettings rules;
    private final HotSpotQueries queries;
    private final ObjectMapper mapper;
    private final Caller caller;
    private final ReplicaCalls replicas;

    public RuleResource(RuleSettings rules, HotSpotQueries queries, ObjectMapper mapper, Caller caller,
                        ReplicaCalls replicas) {
        this.replicas = replicas;
        this.rules = rules;
        this.queries = queries;
        this.mapper = mapper;
        this.caller = caller;
    }

    /** What may change at runtime: thresholds. Window sizes and the baseline shape the stores; they are configuration. */
    public record RuleChange(@NotNull @Min(1) @Max(100) Integer growthStep,
                             @NotNull @Valid WindowChange hour, @NotNull @Valid WindowChange day,
                             @NotNull @Valid WindowChange week, @NotNull @Valid GroupChange groupPetition) {
    }

    public record WindowChange(@NotNull @Min(1) @Max(100000) Integer minPetitions,
                               @NotNull @DecimalMin("1.0") Double ratio, @NotNull Boolean enabled) {
    }

    public record GroupChange(@NotNull @Min(2) @Max(10000) Integer minPersons, @NotNull Boolean enabled) {
    }

    public record RuleView(SurgeRule rule, SurgeRule configured, List<String> appliedOn) {
    }

    @GET
    @Operation(summary = "The rule in force on this replica, and the configured one")
    public RuleView get() {
        return new RuleView(rules.get(), rules.configured(), List.of(address(queries.self())));
    }

    @PUT
    @RolesAllowed(Roles.SUPERVISOR) // before the body is read: a leader is refused, not told what is wrong with it
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the thresholds on every replica (a provincial supervisor; not kept across restarts)")
    public RuleView put(@Valid @NotNull RuleChange change, @HeaderParam(HotSpotQueries.LOCAL_ONLY) boolean localOnly) {
        caller.mayTuneTheRule();
        SurgeRule current = rules.get();
        SurgeRule next = new SurgeRule(current.baseline(), change.growthStep(), List.of(
                window(current.window("hour"), change.hour()), window(current.window("day"), change.day()),
                window(current.window("week"), change.week())),
                new SurgeRule.GroupRule(change.groupPetition().minPersons(), current.group().hold(),
                        change.groupPetition().enabled()));
        rules.set(next);
        Log.infof("hot-spot rule changed by %s: %s", caller.name(), next);
        List<String> applied = new ArrayList<>(List.of(address(queries.self())));
        if (!localOnly) {
            String body;
            try {
                body = mapper.writeValueAsString(change);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            for (HostInfo host : queries.otherReplicas()) {
                queries.forward(host, () -> replicas.putRule(host, body, caller.token()), new TypeReference<RuleView>() { });
                applied.add(address(host));
            }
        }
        return new RuleView(next, rules.configured(), applied);
    }

    private static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    private static SurgeRule.WindowRule window(SurgeRule.WindowRule current, WindowChange change) {
        return new SurgeRule.WindowRule(current.name(), current.size(), change.minPetitions(), change.ratio(),
                change.enabled());
    }
}
