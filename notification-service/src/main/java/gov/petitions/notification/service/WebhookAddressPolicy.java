package gov.petitions.notification.service;

import gov.petitions.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may be sent: the public internet only. An agency registers its own URL, so without this check
 * the URL could name this service's own network (127.0.0.1:8081, intake's internal endpoint), the cloud's metadata
 * endpoint (169.254.169.254, which hands out credentials) or any private neighbour, and the service would call it
 * with its own network position (SSRF). Checked at registration and again at send time on the addresses the name
 * resolves to then, which are the addresses connected to (a name that resolved to a public address at registration
 * may point inside later). An operator may allow-list CIDR ranges for on-premises agencies
 * ({@code notification.webhook.allowed-ranges}).
 */
@ApplicationScoped
public class WebhookAddressPolicy {

    /** A URL or address a webhook may not reach; its message names the rule, never more of the URL than the host. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** An IPv4 or IPv6 network. */
    public record Cidr(byte[] network, int prefix) {

        public static Cidr parse(String text) {
            String trimmed = text.strip();
            int slash = trimmed.indexOf('/');
            String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
            if (!address.matches("^[0-9a-fA-F:.]+$")) {
                // only literals: InetAddress would otherwise look a name up in DNS
                throw new IllegalArgumentException("not a CIDR range: " + text);
            }
            byte[] network;
            try {
                network = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text);
            }
            int prefix = slash < 0 ? network.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("not a CIDR range: " + text);
            }
            return new Cidr(network, prefix);
        }

        public boolean contains(InetAddress address) {
            return contains(address.getAddress());
        }

        boolean contains(byte[] bytes) {
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[full] & mask) == (network[full] & mask);
        }
    }

    private record Rule(Cidr range, String reason) {
        static Rule of(String cidr, String reason) {
            return new Rule(Cidr.parse(cidr), reason);
        }
    }

    private static final List<Rule> REFUSED = List.of(
            Rule.of("0.0.0.0/8", "unspecified (this network)"),
            Rule.of("10.0.0.0/8", "private"),
            Rule.of("100.64.0.0/10", "carrier-grade NAT (shared address space)"),
            Rule.of("127.0.0.0/8", "loopback"),
            Rule.of("169.254.0.0/16", "link-local (cloud metadata)"),
            Rule.of("172.16.0.0/12", "private"),
            Rule.of("192.0.0.0/24", "IETF protocol assignments"),
            Rule.of("192.0.2.0/24", "documentation"),
            Rule.of("192.88.99.0/24", "6to4 relay"),
            Rule.of("192.168.0.0/16", "private"),
            Rule.of("198.18.0.0/15", "benchmarking"),
            Rule.of("198.51.100.0/24", "documentation"),
            Rule.of("203.0.113.0/24", "documentation"),
            Rule.of("224.0.0.0/4", "multicast"),
            Rule.of("240.0.0.0/4", "reserved (and broadcast)"),
            // Azure's wire server and metadata proxy: a public address that only the cloud's own hosts answer
            Rule.of("168.63.129.16/32", "cloud metadata"),
            Rule.of("::/128", "unspecified"),
            Rule.of("::1/128", "loopback"),
            // (IPv4-mapped ::ffff:a.b.c.d needs no rule: the JDK turns it into the IPv4 address, checked as such)
            Rule.of("::/96", "IPv4-compatible (deprecated)"),
            Rule.of("64:ff9b::/96", "NAT64 (reaches IPv4 addresses)"),
            Rule.of("64:ff9b:1::/48", "local NAT64"),
            Rule.of("100::/64", "discard"),
            Rule.of("2001::/32", "Teredo tunnel"),
            Rule.of("2001:db8::/32", "documentation"),
            Rule.of("2002::/16", "6to4 (reaches IPv4 addresses)"),
            Rule.of("fc00::/7", "unique local (private; AWS metadata fd00:ec2::254)"),
            Rule.of("fe80::/10", "link-local"),
            Rule.of("fec0::/10", "site-local (deprecated)"),
            Rule.of("ff00::/8", "multicast"));

    private final List<Cidr> allowed;

    @Inject
    public WebhookAddressPolicy(NotificationConfig config) {
        this(config.webhook().allowedRanges().orElse(List.of()));
    }

    public WebhookAddressPolicy(List<String> allowedRanges) {
        this.allowed = allowedRanges.stream().filter(r -> !r.isBlank()).map(Cidr::parse).toList();
    }

    /** Why the address may not be reached, or empty if it may. */
    public Optional<String> refusal(InetAddress address) {
        for (Cidr range : allowed) {
            if (range.contains(address)) {
                return Optional.empty();
            }
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            // the JDK's own classification, should a rule below ever miss one of these
            for (Rule rule : REFUSED) {
                if (rule.range().contains(address)) {
                    return Optional.of(rule.reason());
                }
            }
            return Optional.of("not a public address");
        }
        for (Rule rule : REFUSED) {
            if (rule.range().contains(address)) {
                return Optional.of(rule.reason());
            }
        }
        return Optional.empty();
    }

    /**
     * What may be said of a URL without connecting: http or https, a host, no user name or password in it.
     *
     * @return the host, without the brackets of an IPv6 literal
     */
    public String checkForm(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https URLs are called");
        }
        if (url.getRawUserInfo() != null) {
            throw new Refused("a URL with a user name or password is not accepted");
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            throw new Refused("the URL names no host");
        }
        if (url.getPort() > 65535) {
            throw new Refused("the URL's port is not valid");
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Resolves the URL's host and checks every address it resolves to (one refused address refuses the URL: a
     * name with one public and one internal address would otherwise reach inside on some calls).
     *
     * @return the address to connect to, as checked; the caller connects to it and resolves nothing again
     */
    public InetAddress resolve(URI url) {
        String host = checkForm(url);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new Refused("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                throw new Refused("the host " + host + " is " + refusal.get() + " (" + address.getHostAddress()
                        + "); webhooks reach only public addresses unless an operator allows the range");
            }
        }
        return addresses[0];
    }
}
