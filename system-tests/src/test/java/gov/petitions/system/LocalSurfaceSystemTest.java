package gov.petitions.system;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What `./petitions up` exposes: every service and the console answer on 127.0.0.1 only (the console's dev sign-in
 * hands out tokens without a password, so nobody else may reach it), and /q/* (health, metrics) only on each one's
 * management port, its port + 1000.
 */
class LocalSurfaceSystemTest {

    private static final int BASE = Integer.getInteger("petitions.base-port", 18080);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    static List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            ports.add(BASE + i);
        }
        ports.add(BASE + 10); // the console
        return ports;
    }

    static Optional<InetAddress> networkAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int status(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void nothingListensBeyondThisMachine() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Optional<InetAddress> network = networkAddress();
        for (int port : ports()) {
            assertTrue(accepts(loopback, port), "port " + port + " answers on 127.0.0.1");
            assertTrue(accepts(loopback, port + 1000), "management port " + (port + 1000) + " answers on 127.0.0.1");
            if (network.isPresent()) {
                assertFalse(accepts(network.get(), port), "port " + port + " must not answer on " + network.get());
                assertFalse(accepts(network.get(), port + 1000), "port " + (port + 1000) + " must not answer on " + network.get());
            }
        }
    }

    @Test
    void healthAndMetricsAnswerOnlyOnTheManagementPort() throws Exception {
        for (int port : ports()) {
            assertEquals(200, status(port + 1000, "/q/health/ready"), "health of :" + port);
            assertEquals(404, status(port, "/q/health/ready"), "no health on the API port :" + port);
            assertEquals(404, status(port, "/q/metrics"), "no metrics on the API port :" + port);
        }
        for (int i = 1; i <= 5; i++) {
            assertEquals(200, status(BASE + i + 1000, "/q/metrics"), "metrics of :" + (BASE + i));
        }
    }
}
