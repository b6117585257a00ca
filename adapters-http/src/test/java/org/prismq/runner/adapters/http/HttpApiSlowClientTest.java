package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Clients that connect and then send slowly, or never finish, neither keep others waiting nor hold their
 * connection for ever. The test JVM sets a short {@code sun.net.httpserver.maxReqTime} (see the module's POM),
 * so that the cut-off can be seen within seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpApiSlowClientTest {

    private static final int IDLE_CLIENTS = 500;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** @param javaVersion 21 for the platform threads of Java 21 to 23, 0 for this JVM's own choice */
    @ParameterizedTest(name = "threads as on Java {0}")
    @ValueSource(ints = {21, 0})
    void fiveHundredClientsThatNeverFinishTheirHeadersDoNotKeepANormalClientWaiting(int javaVersion)
            throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(null, null, null),
                javaVersion == 0 ? Runtime.version().feature() : javaVersion);
        List<Socket> idle = new ArrayList<>(IDLE_CLIENTS);
        try {
            for (int i = 0; i < IDLE_CLIENTS; i++) {
                Socket socket = new Socket(server.address.getAddress(), server.address.getPort());
                idle.add(socket);
                socket.getOutputStream().write("GET /api/hea".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }

            long started = System.nanoTime();
            assertEquals(200, server.get("/api/health").statusCode());
            assertEquals(200, server.get("/api/modules").statusCode());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < TestServer.TIMEOUT.toMillis(), "served after " + millis + " ms");
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        assertEquals(200, server.get("/api/health").statusCode());
    }

    @Test
    void requestsWhoseHeadersOrBodyNeverEndAreClosedOnceTheRequestTimeHasPassed() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());
        String half = "{\"parameters\": {\"query\": \"abc\"";
        try (Socket headers = new Socket(server.address.getAddress(), server.address.getPort());
                Socket body = new Socket(server.address.getAddress(), server.address.getPort())) {
            headers.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                    .getBytes(StandardCharsets.US_ASCII));
            body.getOutputStream().write(("POST /api/modules/demo/run HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + (half.length() * 2) + "\r\n\r\n"
                    + half).getBytes(StandardCharsets.US_ASCII));

            assertClosedByTheServer(headers);
            assertClosedByTheServer(body);
        }
        assertTrue(server.stub.launches.isEmpty(), "the handler got no request from half a body");
        assertEquals(200, server.get("/api/health").statusCode());
    }

    @Test
    void aLogStreamOutlivesTheRequestTime() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(),
                TestServer.settings(null, Duration.ofMillis(500), null));
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
        long outlive = System.nanoTime() + requestTime().plusSeconds(2).toNanos();

        try (SseReader sse = server.stream("/api/runs/" + Fixtures.RUNNING + "/logs/stream")) {
            while (System.nanoTime() < outlive) {
                assertEquals(List.of("keepalive"), sse.next().comments());
            }
            subscription.push(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 0));

            assertEquals("complete", sse.next().name());
        }
    }

    @Test
    void requestsRunOnVirtualThreadsFromJava24AndOnPlatformThreadsBefore() throws Exception {
        assertFalse(threadOf(HttpApi.requestExecutor(21)).isVirtual());
        assertFalse(threadOf(HttpApi.requestExecutor(23)).isVirtual());
        assertTrue(threadOf(HttpApi.requestExecutor(24)).isVirtual());
        assertTrue(threadOf(HttpApi.requestExecutor(25)).isVirtual());
    }

    @Test
    void theRequestTimeIsSetUnlessTheUserSetItAndTheResponseTimeNever() {
        Properties none = new Properties();
        JdkServerLimits.applyDefaults(none);
        assertEquals("30", none.getProperty("sun.net.httpserver.maxReqTime"));
        assertNull(none.getProperty("sun.net.httpserver.maxRspTime"), "it would cut off log streams");
        assertEquals("true", none.getProperty("sun.net.httpserver.nodelay"), "no Nagle delay on live lines");
        assertEquals("1000", none.getProperty("sun.net.httpserver.clockTick"), "idle connections closed on time");

        Properties chosen = new Properties();
        chosen.setProperty("sun.net.httpserver.maxReqTime", "120");
        JdkServerLimits.applyDefaults(chosen);
        assertEquals("120", chosen.getProperty("sun.net.httpserver.maxReqTime"));
    }

    private static Thread threadOf(ExecutorService executor) throws Exception {
        try (executor) {
            return executor.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
        }
    }

    private static Duration requestTime() {
        return Duration.ofSeconds(Long.getLong(JdkServerLimits.MAX_REQUEST_TIME, JdkServerLimits.MAX_REQUEST_SECONDS));
    }

    /** The server closes the connection, without an answer, within the request time and a few timer ticks. */
    private static void assertClosedByTheServer(Socket socket) throws IOException {
        Duration limit = requestTime().plusSeconds(5);
        socket.setSoTimeout((int) limit.toMillis());
        try (InputStream in = socket.getInputStream()) {
            byte[] answer = in.readAllBytes();
            assertEquals("", new String(answer, StandardCharsets.ISO_8859_1), "no answer, just the end");
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the connection was still open after " + limit, stillOpen);
        } catch (SocketException reset) {
            // A reset is a close too.
        }
    }
}
