package gov.petitions.intake.rest;

import gov.petitions.intake.service.AbuseLimits;
import gov.petitions.platform.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every endpoint reachable without an account ({@code /public/*}, {@code /open311/*}, {@code GET /categories}) takes a token from the
 * caller's bucket first; an empty bucket is 429 with Retry-After. Limits found deeper (per tracking number, the lock
 * after wrong codes, submissions per phone) answer the same way through the mapper below.
 */
public class PublicAbuseFilter {

    private final AbuseLimits limits;

    public PublicAbuseFilter(AbuseLimits limits) {
        this.limits = limits;
    }

    @ServerRequestFilter
    public Response limitPublicEndpoints(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        boolean isPublic = path.equals("/public") || path.startsWith("/public/") || path.startsWith("/open311/")
                || (path.equals("/categories") && "GET".equals(request.getMethod()));
        if (!isPublic) {
            return null;
        }
        try {
            limits.client(clientAddress(http, limits.trustForwardedFor()));
            return null;
        } catch (AbuseLimits.LimitReached e) {
            return tooMany(e);
        }
    }

    /**
     * The peer's address, or, behind a trusted proxy, the last X-Forwarded-For entry: the one that proxy added (what
     * a client writes there itself comes before it). IPv6 addresses count per /64, which one client usually holds whole.
     */
    static String clientAddress(HttpServerRequest http, boolean trustForwardedFor) {
        return perSubnet(remoteAddress(http, trustForwardedFor));
    }

    /** The client's own address, as {@link #clientAddress} finds it but not reduced to its /64. */
    static String remoteAddress(HttpServerRequest http, boolean trustForwardedFor) {
        String address = null;
        if (trustForwardedFor) {
            String forwarded = http.getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String[] hops = forwarded.split(",");
                address = hops[hops.length - 1].strip();
            }
        }
        if (address == null || address.isEmpty()) {
            address = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        }
        return address;
    }

    static String perSubnet(String address) {
        if (!address.contains(":")) {
            return address;
        }
        String literal = address.startsWith("[") && address.endsWith("]") ? address : "[" + address + "]";
        try {
            // in brackets it is parsed as an IPv6 literal or refused, never looked up in DNS
            byte[] raw = java.net.InetAddress.getByName(literal).getAddress();
            if (raw.length == 16) {
                return java.util.HexFormat.of().formatHex(raw, 0, 8) + "::/64";
            }
            return java.net.InetAddress.getByAddress(raw).getHostAddress();
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return address;
        }
    }

    @ServerExceptionMapper(priority = 1)
    public Response limitReached(AbuseLimits.LimitReached e) {
        return tooMany(e);
    }

    static Response tooMany(AbuseLimits.LimitReached e) {
        return Response.fromResponse(Problem.of(e.slug(), "Too many requests", 429,
                        e.getMessage() + "; retry after " + e.retryAfterSeconds() + " s").toResponse())
                .header("Retry-After", Long.toString(e.retryAfterSeconds())).build();
    }
}
