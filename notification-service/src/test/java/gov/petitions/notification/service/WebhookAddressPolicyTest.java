package gov.petitions.notification.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every range a webhook may not reach, its first and last address, and what an operator may allow. */
class WebhookAddressPolicyTest {

    private final WebhookAddressPolicy policy = new WebhookAddressPolicy(List.of());

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0|unspecified", "0.255.255.255|unspecified",
            "10.0.0.0|private", "10.255.255.255|private",
            "100.64.0.0|carrier-grade NAT", "100.127.255.255|carrier-grade NAT", "100.100.100.200|carrier-grade NAT",
            "127.0.0.1|loopback", "127.255.255.254|loopback",
            "169.254.0.0|link-local", "169.254.169.254|link-local", "169.254.255.255|link-local",
            "172.16.0.0|private", "172.31.255.255|private",
            "192.0.0.0|IETF", "192.0.0.255|IETF",
            "192.0.2.1|documentation", "198.51.100.1|documentation", "203.0.113.1|documentation",
            "192.88.99.1|6to4 relay",
            "192.168.0.0|private", "192.168.255.255|private",
            "198.18.0.0|benchmarking", "198.19.255.255|benchmarking",
            "224.0.0.1|multicast", "239.255.255.255|multicast",
            "240.0.0.1|reserved", "255.255.255.255|reserved",
            "168.63.129.16|cloud metadata",
            "::|unspecified", "::1|loopback",
            "::127.0.0.1|IPv4-compatible",
            "64:ff9b::a00:1|NAT64", "64:ff9b:1::1|local NAT64",
            "100::1|discard",
            "2001::1|Teredo", "2001:db8::1|documentation",
            "2002:a00:1::1|6to4",
            "fc00::1|unique local", "fd00:ec2::254|unique local", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff|unique local",
            "fe80::1|link-local", "febf:ffff::1|link-local",
            "fec0::1|site-local",
            "ff02::1|multicast", "ff0e::1|multicast",
            // IPv4-mapped IPv6 is the IPv4 address itself
            "::ffff:127.0.0.1|loopback", "::ffff:169.254.169.254|link-local", "::ffff:10.1.2.3|private",
    })
    void refused(String address, String reason) throws Exception {
        Optional<String> refusal = policy.refusal(ip(address));
        assertTrue(refusal.isPresent(), address + " must be refused");
        assertTrue(refusal.get().contains(reason), address + ": " + refusal.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
            "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
            "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0", "223.255.255.255", "168.63.129.17",
            "2400:cb00::1", "2606:4700:4700::1111", "2a00:1450:4001::1", "::ffff:8.8.8.8"})
    void publicAddressesPass(String address) throws Exception {
        assertEquals(Optional.empty(), policy.refusal(ip(address)), address);
    }

    @Test
    void anOperatorAllowsARangeAndOnlyThatRange() throws Exception {
        WebhookAddressPolicy onPremises = new WebhookAddressPolicy(List.of("10.20.0.0/16", "fd12:3456::/32", "127.0.0.1/32"));
        assertEquals(Optional.empty(), onPremises.refusal(ip("10.20.3.4")));
        assertEquals(Optional.empty(), onPremises.refusal(ip("fd12:3456::9")));
        assertEquals(Optional.empty(), onPremises.refusal(ip("127.0.0.1")));
        assertTrue(onPremises.refusal(ip("10.21.0.1")).isPresent());
        assertTrue(onPremises.refusal(ip("127.0.0.2")).isPresent());
        assertTrue(onPremises.refusal(ip("169.254.169.254")).isPresent());
        assertTrue(onPremises.refusal(ip("::1")).isPresent());
        assertThrows(IllegalArgumentException.class, () -> new WebhookAddressPolicy(List.of("intranet.example/8")));
        assertThrows(IllegalArgumentException.class, () -> new WebhookAddressPolicy(List.of("10.0.0.0/33")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[::1]:8084/q/health",
            "http://127.0.0.1:8081/internal/petitioners/x/contact", "http://localhost:8081/", "http://2130706433/",
            "http://0x7f.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://10.0.0.1/", "https://192.168.1.1/",
            "http://[fd00:ec2::254]/", "ftp://example.org/", "file:///etc/passwd", "gopher://1.1.1.1/",
            "http://user:pass@1.1.1.1/", "http:///nohost"})
    void urlsThatReachInsideAreRefused(String url) {
        assertThrows(WebhookAddressPolicy.Refused.class, () -> policy.resolve(URI.create(url)));
    }

    @Test
    void aPublicLiteralResolvesToItself() throws Exception {
        assertEquals(ip("1.1.1.1"), policy.resolve(URI.create("https://1.1.1.1:8443/hook")));
        assertEquals(ip("2606:4700:4700::1111"), policy.resolve(URI.create("https://[2606:4700:4700::1111]/hook")));
    }
}
