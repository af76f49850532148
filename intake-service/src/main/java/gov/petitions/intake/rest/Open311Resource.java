package gov.petitions.intake.rest;

import gov.petitions.intake.Category;
import gov.petitions.intake.open311.Open311Error;
import gov.petitions.intake.open311.Open311Format;
import gov.petitions.intake.open311.Open311Submissions;
import gov.petitions.intake.open311.Open311Submissions.Listed;
import gov.petitions.intake.open311.Open311Submissions.Submitted;
import gov.petitions.intake.service.AbuseLimits;
import gov.petitions.intake.service.IdempotencyKeys;
import gov.petitions.intake.service.NewPetition;
import gov.petitions.platform.problem.ProblemException;
import gov.petitions.platform.province.Province;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/), JSON and XML, for civic apps and agencies' systems.
 * Three choices differ from a city's open 311 service, because a petition is not a pothole: every call that reads
 * requests needs the client's {@code api_key} and answers only what that client submitted (a petition is never
 * public); a request's place is a division code ({@code address_id} or {@code attribute[location_code]}), since
 * routing goes by county and nothing here geocodes; {@code media_url} is kept as text, never fetched. The answer to
 * a new request carries the petition's query code in {@code service_notice}: with the tracking number it is how the
 * citizen follows the petition at {@code /public/status-lookups}.
 */
@Path("/open311/v2")
@PermitAll
@Tag(name = "Open311")
public class Open311Resource {

    static final String FORMAT = "{format:json|xml}";
    private static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final Map<String, String> PARAMETER_OF = Map.of("categoryCode", "service_code",
            "locationCode", "address_id", "summary", "description", "content", "description",
            "petitioner.name", "first_name/last_name", "petitioner.phone", "phone", "petitioner.email", "email");

    private final Open311Submissions submissions;
    private final Validator validator;
    private final ZoneId zone;
    private final String provinceCode;

    public Open311Resource(Open311Submissions submissions, Validator validator, java.time.Clock clock,
                           Province province) {
        this.submissions = submissions;
        this.validator = validator;
        this.zone = clock.getZone();
        // the deployment's province is its one Open311 jurisdiction
        this.provinceCode = province.code();
    }

    @GET
    @Path("discovery." + FORMAT)
    @Operation(summary = "Open311 service discovery: where GeoReport v2 answers and in which formats")
    public Response discovery(@PathParam("format") String format, UriInfo uri) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("specification", "http://wiki.open311.org/GeoReport_v2");
        endpoint.put("url", uri.getBaseUriBuilder().path("open311/v2").build().toString());
        endpoint.put("type", "production");
        endpoint.put("formats", List.of("text/xml", "application/json"));
        Map<String, Object> discovery = new LinkedHashMap<>();
        discovery.put("contact", "信访部门 (the petition bureau)");
        discovery.put("key_service", "API keys are issued by the petition bureau's operators");
        discovery.put("endpoints", List.of(endpoint));
        return answer(format, Open311Format.of(format).single("discovery", discovery));
    }

    @GET
    @Path("services." + FORMAT)
    @Transactional
    @Operation(summary = "GeoReport service list: the petition categories")
    public Response services(@PathParam("format") String format, @QueryParam("jurisdiction_id") String jurisdiction) {
        checkJurisdiction(jurisdiction);
        List<Map<String, Object>> services = Category.<Category>list("active = true order by code").stream()
                .map(c -> {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("service_code", c.code);
                    s.put("service_name", c.nameZh);
                    s.put("description", c.nameEn);
                    s.put("metadata", true);
                    s.put("type", "realtime");
                    s.put("keywords", c.nameEn);
                    s.put("group", "信访 (petitions)");
                    return s;
                }).toList();
        return answer(format, Open311Format.of(format).list("services", "service", services));
    }

    @GET
    @Path("services/{service_code}." + FORMAT)
    @Transactional
    @Operation(summary = "GeoReport service definition: the place of a request as a division code")
    public Response definition(@PathParam("service_code") String serviceCode, @PathParam("format") String format,
                               @QueryParam("jurisdiction_id") String jurisdiction) {
        checkJurisdiction(jurisdiction);
        Category category = serviceCode.matches(PetitionRequests.CATEGORY) ? Category.findById(serviceCode) : null;
        if (category == null || !category.active) {
            throw new Open311Error(404, "service_code '" + clip(serviceCode) + "' is not a category (GET services)");
        }
        Map<String, Object> attribute = new LinkedHashMap<>();
        attribute.put("variable", true);
        attribute.put("code", "location_code");
        attribute.put("datatype", "string");
        attribute.put("required", false);
        attribute.put("datatype_description", "county (6 digits) or township (9 digits) division code; or give it as address_id");
        attribute.put("order", 1);
        attribute.put("description", "事项发生地的县(区)或乡镇行政区划代码 (where the matter happened)");
        attribute.put("values", List.of());
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("service_code", category.code);
        definition.put("attributes", List.of(attribute));
        return answer(format, Open311Format.of(format).single("service_definition", definition));
    }

    @POST
    @Path("requests." + FORMAT)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Create a GeoReport service request: an online petition (网上信访) submitted for a citizen by a client with an api_key")
    public Response create(@PathParam("format") String format, MultivaluedMap<String, String> form,
                           @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        Map<String, String> fields = single(form);
        checkJurisdiction(fields.get("jurisdiction_id"));
        String client = submissions.authenticated(fields.get("api_key"));
        IdempotencyKeys.checkFormat(idempotencyKey);

        String description = trimmed(fields.get("description"));
        String location = firstNonEmpty(fields.get("address_id"), fields.get("attribute[location_code]"));
        if (location == null) {
            throw new Open311Error(400, fields.containsKey("lat") || fields.containsKey("long")
                    ? "address_id (a county or township division code) is required: this service does not geocode lat/long"
                    : "address_id (a county or township division code) is required");
        }
        String summary = description == null ? null : clipCodePoints(description.lines().findFirst().orElse("").strip(), 100);
        StringBuilder content = new StringBuilder(description == null ? "" : description);
        appendNote(content, "地点 (address_string)", trimmed(fields.get("address_string")));
        appendNote(content, "坐标 (lat,long)", coordinates(fields.get("lat"), fields.get("long")));
        appendNote(content, "附件链接，未获取 (media_url, not fetched)", trimmed(fields.get("media_url")));
        String name = firstNonEmpty(concat(trimmed(fields.get("last_name")), trimmed(fields.get("first_name"))), null);
        PetitionRequests.OnlinePetition petition = new PetitionRequests.OnlinePetition(trimmed(fields.get("service_code")),
                location, summary, content.isEmpty() ? null : content.toString(), null,
                new PetitionRequests.PetitionerDetails(name, trimmed(fields.get("phone")), null, null, trimmed(fields.get("email"))),
                null, null);
        Set<ConstraintViolation<PetitionRequests.OnlinePetition>> violations = validator.validate(petition);
        if (!violations.isEmpty()) {
            throw new Open311Error(400, violations.stream()
                    .map(v -> PARAMETER_OF.getOrDefault(v.getPropertyPath().toString(), v.getPropertyPath().toString())
                            + ": " + v.getMessage())
                    .sorted().distinct().collect(Collectors.joining("; ")));
        }
        Submitted submitted = submissions.submit(client, idempotencyKey, petition,
                PetitionInputs.matter(petition.categoryCode(), petition.locationCode(), petition.summary(), petition.content()),
                PetitionInputs.person(petition.petitioner()));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("service_request_id", submitted.serviceRequestId());
        request.put("token", submitted.token().toString());
        request.put("service_notice", submitted.queryCode() == null
                ? "已登记 (registered); the query code was given with the first answer"
                : "已登记 (registered). 查询码 (query code) " + submitted.queryCode()
                + ": with the service_request_id, the petitioner follows the petition at /public/status-lookups");
        request.put("account_id", null);
        Response.ResponseBuilder created = Response.status(submitted.replayed() ? 200 : 201)
                .entity(Open311Format.of(format).list("service_requests", "request", List.of(request)))
                .type(Open311Format.of(format).contentType());
        if (submitted.replayed()) {
            created.header(IdempotentResponses.REPLAYED, "true");
        }
        return created.build();
    }

    @GET
    @Path("requests." + FORMAT)
    @Operation(summary = "The client's own service requests, by id or by service_code, dates and status")
    public Response requests(@PathParam("format") String format, @QueryParam("api_key") String apiKey,
                             @QueryParam("jurisdiction_id") String jurisdiction,
                             @QueryParam("service_request_id") String ids, @QueryParam("service_code") String serviceCode,
                             @QueryParam("start_date") String start, @QueryParam("end_date") String end,
                             @QueryParam("status") String status) {
        checkJurisdiction(jurisdiction);
        String client = submissions.authenticated(apiKey);
        List<String> idList = ids == null || ids.isBlank() ? List.of() : Arrays.stream(ids.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (idList.stream().anyMatch(id -> id.length() > 32)) {
            throw new Open311Error(400, "service_request_id: not a service request id");
        }
        OffsetDateTime from = date("start_date", start);
        OffsetDateTime to = date("end_date", end);
        if (from != null && to != null && (to.isBefore(from) || Duration.between(from, to).toDays() > 90)) {
            throw new Open311Error(400, "start_date and end_date must be in order and span at most 90 days");
        }
        Set<String> statuses = status == null || status.isBlank() ? Set.of() : Arrays.stream(status.split(","))
                .map(String::strip).collect(Collectors.toSet());
        if (!Set.of("open", "closed").containsAll(statuses)) {
            throw new Open311Error(400, "status: open, closed or both (comma-separated)");
        }
        List<Map<String, Object>> found = submissions.find(client, idList, trimmed(serviceCode), from, to, statuses)
                .stream().map(this::view).toList();
        return answer(format, Open311Format.of(format).list("service_requests", "request", found));
    }

    @GET
    @Path("requests/{service_request_id}." + FORMAT)
    @Operation(summary = "One of the client's service requests")
    public Response request(@PathParam("service_request_id") String id, @PathParam("format") String format,
                            @QueryParam("api_key") String apiKey, @QueryParam("jurisdiction_id") String jurisdiction) {
        checkJurisdiction(jurisdiction);
        String client = submissions.authenticated(apiKey);
        if (id.length() > 32) {
            throw new Open311Error(404, "no such service request of this client");
        }
        List<Listed> found = submissions.find(client, List.of(id), null, null, null, Set.of());
        if (found.isEmpty()) {
            throw new Open311Error(404, "no such service request of this client");
        }
        return answer(format, Open311Format.of(format).list("service_requests", "request", List.of(view(found.get(0)))));
    }

    @GET
    @Path("tokens/{token}." + FORMAT)
    @Operation(summary = "The service request id a token stands for")
    public Response token(@PathParam("token") String token, @PathParam("format") String format,
                          @QueryParam("api_key") String apiKey, @QueryParam("jurisdiction_id") String jurisdiction) {
        checkJurisdiction(jurisdiction);
        String client = submissions.authenticated(apiKey);
        UUID parsed;
        try {
            parsed = UUID.fromString(token);
        } catch (IllegalArgumentException e) {
            throw new Open311Error(404, "no such token");
        }
        return submissions.byToken(client, parsed).map(link -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("service_request_id", link.trackingNumber);
            answer.put("token", link.token.toString());
            return answer(format, Open311Format.of(format).list("service_requests", "request", List.of(answer)));
        }).orElseThrow(() -> new Open311Error(404, "no such token"));
    }

    // ----------------------------------------------------------------------------------------------- errors

    @ServerExceptionMapper
    public Response open311Error(Open311Error e, UriInfo uri) {
        return error(uri, e.code(), e.getMessage(), e.retryAfterSeconds());
    }

    /** A refusal of the platform's rules (an unknown division, a bad Idempotency-Key, supervision away), in GeoReport's form. */
    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        String detail = e.problem().detail() == null ? e.problem().title() : e.problem().detail();
        return error(uri, e.problem().status(), detail, e.problem().status() == 503 ? 5L : null);
    }

    @ServerExceptionMapper
    public Response limit(AbuseLimits.LimitReached e, UriInfo uri) {
        return error(uri, 429, e.getMessage(), Math.max(1L, e.retryAfter().toSeconds()));
    }

    private static Response error(UriInfo uri, int code, String description, Long retryAfter) {
        Open311Format format = uri.getPath().endsWith(".xml") ? Open311Format.XML : Open311Format.JSON;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("description", description);
        Response.ResponseBuilder response = Response.status(code)
                .entity(format.list("errors", "error", List.of(error))).type(format.contentType());
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter);
        }
        return response.build();
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private Map<String, Object> view(Listed listed) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("service_request_id", listed.link().trackingNumber);
        r.put("status", listed.status());
        r.put("status_notes", listed.statusNotes());
        r.put("service_name", listed.categoryName());
        r.put("service_code", listed.petition().categoryCode);
        r.put("description", listed.petition().summary);
        r.put("agency_responsible", null);
        r.put("service_notice", null);
        r.put("requested_datetime", w3c(listed.petition().registeredAt));
        r.put("updated_datetime", w3c(listed.updated()));
        r.put("expected_datetime", w3c(listed.expected()));
        r.put("address", listed.address());
        r.put("address_id", listed.petition().locationCode);
        r.put("zipcode", null);
        r.put("lat", null);
        r.put("long", null);
        r.put("media_url", null);
        return r;
    }

    private String w3c(OffsetDateTime at) {
        return at == null ? null : at.atZoneSameInstant(zone).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS).format(W3C);
    }

    private void checkJurisdiction(String jurisdiction) {
        if (jurisdiction != null && !jurisdiction.isBlank() && !jurisdiction.strip().equals(provinceCode)) {
            throw new Open311Error(404, "jurisdiction_id: this endpoint serves jurisdiction " + provinceCode);
        }
    }

    private static Response answer(String format, String body) {
        return Response.ok(body).type(Open311Format.of(format).contentType()).build();
    }

    /** One value per parameter: a parameter given twice is refused rather than one of its values picked silently. */
    private static Map<String, String> single(MultivaluedMap<String, String> form) {
        Map<String, String> fields = new TreeMap<>();
        if (form == null) {
            return fields;
        }
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new Open311Error(400, clip(e.getKey()) + ": given more than once");
            }
            fields.put(e.getKey(), e.getValue().isEmpty() ? null : e.getValue().get(0));
        }
        return fields;
    }

    private static OffsetDateTime date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new Open311Error(400, name + ": a W3C date-time with its offset, e.g. 2026-12-05T09:30:00+08:00");
        }
    }

    private static String coordinates(String lat, String lon) {
        if (lat == null && lon == null) {
            return null;
        }
        try {
            double la = Double.parseDouble(String.valueOf(lat).strip());
            double lo = Double.parseDouble(String.valueOf(lon).strip());
            if (la < -90 || la > 90 || lo < -180 || lo > 180 || Double.isNaN(la) || Double.isNaN(lo)) {
                throw new NumberFormatException();
            }
            return la + "," + lo;
        } catch (NumberFormatException e) {
            throw new Open311Error(400, "lat and long: both, as decimal degrees (WGS84)");
        }
    }

    private static void appendNote(StringBuilder content, String label, String value) {
        if (value != null) {
            content.append(content.isEmpty() ? "" : "\n").append(label).append(": ").append(value);
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String concat(String a, String b) {
        return a == null ? b : b == null ? a : a + b;
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isBlank() ? a.strip() : (b != null && !b.isBlank() ? b.strip() : null);
    }

    private static String clipCodePoints(String text, int max) {
        return text.codePointCount(0, text.length()) <= max ? text
                : text.substring(0, text.offsetByCodePoints(0, max));
    }

    private static String clip(String text) {
        return text == null ? "" : clipCodePoints(text.replaceAll("[^\\p{L}\\p{N}_.\\-\\[\\]]", "?"), 40);
    }
}
