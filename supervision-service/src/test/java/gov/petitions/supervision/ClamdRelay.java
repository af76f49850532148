package gov.petitions.supervision;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real clamd the test infrastructure runs (on INTAKE_CLAMD_PORT, with a local EICAR signature), reached through
 * a relay the test can take down: while it is down nothing listens on the port supervision is given, exactly as when
 * clamd is away (connection refused). As a test resource it only chooses the port (supervision.clamd.port); the test
 * class runs the relay itself ({@link #up()}, {@link #down()}), since test resources and test classes have different
 * class loaders.
 */
public class ClamdRelay implements QuarkusTestResourceLifecycleManager {

    private final int port;
    private final int upstream;
    private ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public ClamdRelay() {
        this(0, 0);
    }

    ClamdRelay(int port, int upstream) {
        this.port = port;
        this.upstream = upstream;
    }

    /** The real clamd's port: ./petitions' test instance's, as /tmp/test-env.sh exports it. */
    static int clamdPort() {
        return Integer.parseInt(System.getenv().getOrDefault("INTAKE_CLAMD_PORT", "13311"));
    }

    @Override
    public Map<String, String> start() {
        try (ServerSocket s = new ServerSocket(0)) {
            return Map.of("supervision.clamd.port", Integer.toString(s.getLocalPort()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
    }

    synchronized void up() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", port));
        server = s;
        Thread accept = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket client = s.accept();
                    Socket clamd = new Socket("127.0.0.1", upstream);
                    open.add(client);
                    open.add(clamd);
                    pump(client, clamd);
                    pump(clamd, client);
                } catch (IOException e) {
                    // closed by down(), or clamd refused: the client sees its connection end
                }
            }
        }, "clamd-relay");
        accept.setDaemon(true);
        accept.start();
    }

    synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, "clamd-relay-pump");
        t.setDaemon(true);
        t.start();
    }
}
