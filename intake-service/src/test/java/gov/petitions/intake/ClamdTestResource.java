package gov.petitions.intake;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real ClamAV daemon for the tests that scan materials, started with the script ./petitions uses
 * (infra/clamd/clamd.sh: TCP on 127.0.0.1, a local signature database with the EICAR test signature). Without
 * /usr/sbin/clamd nothing is started and {@link #available()} says so: those tests are then skipped, loudly.
 * Tests stop and start it again with {@link #clamd(String)} (test resources and test classes have different class
 * loaders: the port travels as intake.clamd.port, the run directory is fixed).
 */
public class ClamdTestResource implements QuarkusTestResourceLifecycleManager {

    static final Path RUN_DIR = Path.of("target", "clamd-test").toAbsolutePath();
    static final Path SCRIPT = Path.of("..", "infra", "clamd", "clamd.sh").toAbsolutePath().normalize();
    static final String CLAMD = "/usr/sbin/clamd";

    static boolean available() {
        return Files.isExecutable(Path.of(CLAMD));
    }

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (available()) {
            run("start", port);
        } else {
            System.err.println("[ClamdTestResource] " + CLAMD + " is missing (apt-get install clamav-daemon): the tests "
                    + "that scan materials are SKIPPED");
        }
        return Map.of("intake.clamd.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        if (available()) {
            run("stop", 0);
        }
    }

    /** Runs infra/clamd/clamd.sh start|stop for the tests' run directory. */
    static void run(String action, int port) {
        try {
            java.nio.file.Files.createDirectories(RUN_DIR.getParent());
            java.io.File log = RUN_DIR.resolveSibling("clamd-script.log").toFile();
            // output to a file, not a pipe: the daemon would hold a pipe open and a reader would wait for its end
            Process p = new ProcessBuilder(SCRIPT.toString(), action, RUN_DIR.toString(), Integer.toString(port == 0 ? 1 : port))
                    .redirectErrorStream(true).redirectOutput(log).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("clamd.sh " + action + " did not finish in 60 s; see " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("clamd.sh " + action + " failed: " + java.nio.file.Files.readString(log.toPath()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
