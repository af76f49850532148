package gov.petitions.platform.files;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * ClamAV's daemon over TCP, INSTREAM protocol (clamd(8)): {@code zINSTREAM\0}, then the bytes as chunks each
 * preceded by its length (4 bytes, big-endian), a zero length to end; clamd answers {@code stream: OK\0},
 * {@code stream: <signature> FOUND\0} or {@code ... ERROR\0}. One connection per scan, nothing kept open.
 * Not a bean: each service makes its own from its own typed configuration (intake.clamd.*, supervision.clamd.*).
 */
public class ClamdClient {

    static final int CHUNK = 64 * 1024;

    /** What clamd said about a stream. */
    public sealed interface Verdict {
        record Clean() implements Verdict {
        }

        record Infected(String signature) implements Verdict {
        }
    }

    /** clamd could not be reached or did not give a verdict: the file waits and is scanned again later. */
    public static class ScannerUnavailable extends Exception {
        public ScannerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final String host;
    private final int port;
    private final Duration timeout;

    public ClamdClient(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** Streams {@code content} to clamd (read here chunk by chunk, never whole) and returns its verdict. */
    public Verdict scan(InputStream content) throws ScannerUnavailable {
        try (Socket socket = new Socket()) {
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            socket.connect(new InetSocketAddress(host, port), Math.min(millis, 5000));
            socket.setSoTimeout(millis);
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), CHUNK + 4));
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = content.readNBytes(buffer, 0, CHUNK)) > 0) {
                out.writeInt(n);
                out.write(buffer, 0, n);
            }
            out.writeInt(0);
            out.flush();
            return verdict(readReply(socket.getInputStream()));
        } catch (IOException e) {
            throw new ScannerUnavailable("clamd at " + host + ":" + port + " unavailable: " + e.getMessage(), e);
        }
    }

    /** True when clamd answers PING (readiness). */
    public boolean ping() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return "PONG".equals(readReply(socket.getInputStream()));
        } catch (IOException e) {
            return false;
        }
    }

    public static Verdict verdict(String reply) throws ScannerUnavailable {
        // "stream: OK", "stream: Eicar-Test-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
        if (reply.endsWith(" FOUND")) {
            String body = reply.startsWith("stream: ") ? reply.substring("stream: ".length()) : reply;
            return new Verdict.Infected(body.substring(0, body.length() - " FOUND".length()).strip());
        }
        if (reply.equals("stream: OK")) {
            return new Verdict.Clean();
        }
        if (reply.endsWith(" ERROR")) {
            // clamd refused this stream (too large for its limits, unreadable): it will refuse it again, and a file
            // nobody could look into is never served, so it is quarantined rather than left pending for ever
            return new Verdict.Infected("Unscannable: " + reply.substring(0, Math.min(reply.length(), 200)));
        }
        throw new ScannerUnavailable("clamd gave no verdict: " + reply, null);
    }

    private static String readReply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != 0) {
            if (reply.size() > 1024) {
                throw new IOException("clamd's reply is too long");
            }
            reply.write(b);
        }
        return reply.toString(StandardCharsets.US_ASCII).strip();
    }
}
