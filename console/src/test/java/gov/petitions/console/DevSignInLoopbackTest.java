package gov.petitions.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dev sign-in, even with a key, answers only clients on this machine: reached over the machine's own
 * network address (as anyone on the network would reach it), it is not there; a forwarding header that claims
 * loopback changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(StubServices.class)
@TestProfile(DevSignInLoopbackTest.AllInterfaces.class)
class DevSignInLoopbackTest {

    public static class AllInterfaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.host", "0.0.0.0");
        }
    }

    static Optional<InetAddress> networkAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void aClientFromTheNetworkGetsNoToken() throws Exception {
        Optional<InetAddress> address = networkAddress();
        assumeTrue(address.isPresent(), "this machine has no network address besides loopback");
        String url = "http://" + address.get().getHostAddress() + ":" + RestAssured.port;
        given().baseUri(url).when().get("/dev/sign-in").then().statusCode(404);
        given().baseUri(url).header("X-Forwarded-For", "127.0.0.1").header("Forwarded", "for=127.0.0.1")
                .contentType("application/json").body("{\"role\":\"auditor\"}")
                .when().post("/dev/sign-in").then().statusCode(404);
        // the same console, from this machine
        given().when().get("/dev/sign-in").then().statusCode(200);
    }
}
