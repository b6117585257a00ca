package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A flood of idle connections cannot take the service down: past {@code --max-connections} a new connection is
 * closed at once, open log streams keep flowing, idle connections are closed after the idle time-out, and then
 * the service answers again. The cap is the JDK server's, which it reads once per JVM: hence the service's own
 * process, with a small cap.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionCapIT {

    private static final int CAP = 8;
    private static final int EXCESS = 6;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private final List<Socket> idle = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : idle) {
            socket.close();
        }
    }

    @Test
    void pastTheCapNewConnectionsAreClosedAtOnceWhileOpenStreamsKeepFlowing() throws Exception {
        // Idle connections stay for five minutes here, so that the cap stays full for as long as the test needs.
        List<String> slowIdleTimeout = List.of("-Dsun.net.httpserver.idleInterval=300",
                "-Dsun.net.httpserver.maxReqTime=300");
        try (JarProcess service = start(slowIdleTimeout)) {
            URI base = URI.create(service.url());
            Api api = new Api(service.url());
            String runId = launch(base);
            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                int seenBefore = seq(stream.next());
                assertEquals("200", health(base), "reachable before the flood");

                int closedAtOnce = flood(base);

                assertTrue(closedAtOnce >= EXCESS, closedAtOnce + " connections closed, expected at least " + EXCESS);
                assertNull(health(base), "a new connection past the cap is closed without an answer");
                int seenAfter = readPast(stream, Instant.now());
                assertTrue(seenAfter > seenBefore, "the open stream keeps flowing with the cap full");

                closeIdleSockets();
                assertEquals("200", awaitHealthy(base), "reachable again once the idle connections are gone");
                assertTrue(readPast(stream, Instant.now()) > seenAfter);
            }
        }
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeoutButStreamsAreNot() throws Exception {
        try (JarProcess service = start(List.of("-Dsun.net.httpserver.idleInterval=1"))) {
            URI base = URI.create(service.url());
            Api api = new Api(service.url());
            String runId = launch(base);
            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                int seenBefore = seq(stream.next());

                flood(base);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (open(idle) > 0) {
                    assertTrue(System.nanoTime() < deadline, open(idle) + " idle connections still open");
                }

                assertEquals("200", awaitHealthy(base));
                assertTrue(readPast(stream, Instant.now()) > seenBefore, "the stream outlived the idle time-out");
            }
        }
    }

    private JarProcess start(List<String> jvmOptions) throws IOException {
        Path catalog = TestService.installTestModules(folder.resolve("modules"));
        Path log = folder.resolve("service.log");
        JarProcess service = JarProcess.start(log, jvmOptions, "--port", "0", "--data-dir",
                folder.resolve("data").toString(), "--modules", catalog.toString(), "--max-cpu-percent", "100",
                "--max-connections", String.valueOf(CAP));
        assertTrue(Files.readString(log).contains("at most " + CAP + " concurrent HTTP connections (configured)"),
                "the cap and the descriptor figures are logged at start");
        return service;
    }

    /**
     * Opens {@code CAP + EXCESS} connections that send nothing, and waits until the server has closed all it will
     * not hold. The API client's connection and the stream hold places too, so at least {@code EXCESS} are closed.
     *
     * @return how many of them the server closed
     */
    private int flood(URI base) throws IOException {
        for (int i = 0; i < CAP + EXCESS; i++) {
            Socket socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(20);
            idle.add(socket);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (open(idle) > CAP) {
            assertTrue(System.nanoTime() < deadline, "the server did not close the connections past its cap: "
                    + open(idle) + " of " + idle.size() + " still open");
        }
        return idle.size() - open(idle);
    }

    /** How many of the sockets the server has not closed yet; waits at most 20 ms on each. */
    private static int open(List<Socket> sockets) throws IOException {
        int open = 0;
        for (Socket socket : sockets) {
            if (!socket.isClosed() && !closedByServer(socket)) {
                open++;
            }
        }
        return open;
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            if (socket.getInputStream().read() < 0) {
                socket.close();
                return true;
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            socket.close();
            return true;
        }
    }

    private void closeIdleSockets() throws IOException {
        for (Socket socket : idle) {
            socket.close();
        }
    }

    /** The status of a health check on a new connection, or {@code null} when the connection was closed. */
    private static String health(URI base) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/health HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.startsWith("HTTP/1.1 ") ? answer.substring(9, 12) : null;
        } catch (SocketException reset) {
            return null;
        }
    }

    private static String awaitHealthy(URI base) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String status;
        while ((status = health(base)) == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return status;
    }

    private static int seq(SseEvent event) throws IOException {
        return entry(event).get("seq").asInt();
    }

    private static JsonNode entry(SseEvent event) throws IOException {
        assertNotNull(event, "the stream ended");
        return Api.JSON.readTree(event.data());
    }

    /** Reads the stream up to a line captured after {@code moment}, and returns its seq: the stream is live. */
    private static int readPast(SseClient stream, Instant moment) throws IOException {
        JsonNode entry;
        do {
            entry = entry(stream.next());
        } while (!Instant.parse(entry.get("timestamp").asText()).isAfter(moment));
        return entry.get("seq").asInt();
    }

    /**
     * Launches a module that prints a line every 20 ms, over a connection that closes after the answer: a client
     * that kept it open for another request would hold a place under the cap and free it at a time of its own.
     */
    private static String launch(URI base) throws IOException {
        byte[] body = "{\"parameters\": {\"count\": 100000, \"pause\": 0.02}, \"save_config\": false}"
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/modules/numbered/run HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 202"), answer);
            return Api.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).get("run_id").asText();
        }
    }
}
