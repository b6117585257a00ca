package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.run.RunStatus;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpApiSecurityTest {

    private static final String TOKEN = "t0ken-With.Symbols~42";
    private static final String UI = "http://localhost:5173";

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:8000", "localhost.evil.example", "10.1.2.3", "[::2]:80",
            "127.0.0.1.evil.example"})
    void aForeignHostHeaderIsRefusedWith403(String host) throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        String answer = server.raw("GET /api/health HTTP/1.1\r\nHost: " + host);

        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        JsonNode error = TestServer.JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertEquals("host_not_allowed", error.get("error_code").asText());
    }

    @Test
    void aRequestWithoutHostIsRefused() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        assertTrue(server.raw("GET /api/health HTTP/1.0").startsWith("HTTP/1.1 403"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost:1234", "127.0.0.1", "127.0.0.1:80", "[::1]", "[::1]:8000",
            "127.0.0.2", "runner.lan", "Runner.LAN:8000"})
    void theBoundAddressLoopbackNamesAndConfiguredNamesAreAccepted(String host) throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(null, null, List.of("Runner.lan")));

        String answer = server.raw("GET /api/health HTTP/1.1\r\nHost: " + host);

        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    }

    @Test
    void aPreflightFromAnAllowedOriginGetsTheMethodsAndHeadersWithoutAToken() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(TOKEN, null, null));

        HttpResponse<String> response = server.send("OPTIONS", "/api/runs/" + Fixtures.RUNNING, null, null,
                "Origin", UI, "Access-Control-Request-Method", "DELETE",
                "Access-Control-Request-Headers", "authorization");

        assertEquals(204, response.statusCode());
        assertEquals(UI, response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("GET, POST, DELETE", response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
        assertEquals("Content-Type, Authorization, Last-Event-ID",
                response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
        assertTrue(response.headers().allValues("Vary").contains("Origin"));
    }

    @Test
    void aPreflightFromAnotherOriginIsRefusedWith403() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        HttpResponse<String> response = server.send("OPTIONS", "/api/health", null, null,
                "Origin", "http://evil.example", "Access-Control-Request-Method", "GET");

        assertEquals(403, response.statusCode());
        HttpApiBadInputTest.assertIsError(response, "origin_not_allowed");
        assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void configuredOriginsReplaceTheDefaults() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(), new HttpApiSettings("127.0.0.1", 0, null,
                List.of("https://UI.example/"), null, null, "1.0.0-test"));

        HttpResponse<String> allowed = server.send("OPTIONS", "/api/health", null, null,
                "Origin", "https://ui.example", "Access-Control-Request-Method", "GET");
        HttpResponse<String> former = server.send("OPTIONS", "/api/health", null, null,
                "Origin", UI, "Access-Control-Request-Method", "GET");

        assertEquals(204, allowed.statusCode());
        assertEquals(403, former.statusCode());
    }

    @Test
    void withATokenEveryApiRequestNeedsIt() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(TOKEN, null, null));

        HttpResponse<String> missing = server.get("/api/health");
        assertEquals(401, missing.statusCode());
        HttpApiBadInputTest.assertIsError(missing, "unauthorized");
        assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertFalse(missing.body().contains(TOKEN));

        assertEquals(401, server.get("/api/health", "Authorization", "Bearer wrong").statusCode());
        assertEquals(401, server.get("/api/health", "Authorization", "Bearer " + TOKEN + "x").statusCode());
        assertEquals(401, server.get("/api/health", "Authorization", "Basic " + TOKEN).statusCode());
        assertEquals(401, server.get("/api/health?token=" + TOKEN).statusCode(), "?token= is for the stream and the download only");
        assertEquals(401, server.get("/api/nope").statusCode(), "unknown paths too");
        assertEquals(401, server.send("POST", "/api/modules/demo/run", "application/json", "{}").statusCode());
        assertTrue(server.stub.launches.isEmpty());

        assertEquals(200, server.get("/api/health", "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, server.get("/api/health", "Authorization", "bearer " + TOKEN).statusCode());
        assertEquals(404, server.get("/api/nope", "Authorization", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void theDownloadTakesTheTokenAsQueryParameterForAPlainLink() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(TOKEN, null, null));
        String download = "/api/runs/" + Fixtures.RUNNING + "/logs/download";

        assertEquals(401, server.get(download).statusCode());
        assertEquals(401, server.get(download + "?token=wrong").statusCode());
        assertEquals(200, server.get(download + "?token=" + TOKEN).statusCode());
        assertEquals(200, server.get(download, "Authorization", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void theStreamTakesTheTokenAsHeaderOrQueryParameter() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(TOKEN, null, null));
        String stream = "/api/runs/" + Fixtures.RUNNING + "/logs/stream";
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
        subscription.push(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 30),
                new FollowEvent.Completed(RunStatus.COMPLETED, 0, 30));

        assertEquals(401, server.get(stream).statusCode());
        assertEquals(401, server.get(stream + "?token=wrong").statusCode());
        try (SseReader sse = server.stream(stream + "?token=" + TOKEN)) {
            assertEquals(200, sse.response.statusCode());
            assertEquals("complete", sse.next().name());
        }
        try (SseReader sse = server.stream(stream, "Authorization", "Bearer " + TOKEN)) {
            assertEquals(200, sse.response.statusCode());
            assertEquals("complete", sse.next().name());
        }
    }

    @Test
    void theAccessLogNamesMethodPathStatusAndDurationButNeverTheToken() throws Exception {
        // System.Logger writes through java.util.logging when no other backend is installed.
        Logger accessLog = Logger.getLogger(ApiDispatcher.class.getName());
        BlockingQueue<String> logged = new LinkedBlockingQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord logRecord) {
                logged.add(logRecord.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = accessLog.getLevel();
        accessLog.setLevel(Level.FINE);
        accessLog.addHandler(capture);
        try {
            server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(TOKEN, null, null));
            String stream = "/api/runs/" + Fixtures.RUNNING + "/logs/stream";
            server.stub.scriptFollow(Fixtures.RUNNING).push(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 30));
            try (SseReader sse = server.stream(stream + "?token=" + TOKEN)) {
                while (sse.next() != null) {
                    // read to the end
                }
            }
            server.get("/api/runs?limit=abc", "Authorization", "Bearer " + TOKEN);

            String streamLine = "GET " + stream + " 200 \\d+ ms";
            String refusedLine = "GET /api/runs 400 \\d+ ms";
            List<String> lines = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!(lines.stream().anyMatch(line -> line.matches(streamLine))
                    && lines.stream().anyMatch(line -> line.matches(refusedLine)))) {
                String line = logged.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(line, () -> "access log lines missing, got " + lines);
                lines.add(line);
            }
            assertTrue(lines.stream().noneMatch(line -> line.contains(TOKEN)), lines::toString);
        } finally {
            accessLog.removeHandler(capture);
            accessLog.setLevel(before);
        }
    }

    @Test
    void aNonLoopbackAddressWithoutATokenRefusesToStart() {
        HttpApi api = new HttpApi(new HttpApiSettings("0.0.0.0", 0, null, null, null, null, "1"),
                StubUseCases.withFixtures().useCases());
        try (api) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, api::start);
            assertTrue(refused.getMessage().contains("without a token"), refused.getMessage());
        }
    }

    @Test
    void settingsNeverShowTheToken() {
        HttpApiSettings settings = TestServer.settings(TOKEN, null, null);

        assertFalse(settings.toString().contains(TOKEN), settings.toString());
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new HttpApiSettings("127.0.0.1", 70_000, null, null, null, null, "1"));
        assertThrows(IllegalArgumentException.class,
                () -> new HttpApiSettings("127.0.0.1", 0, "with space", null, null, null, "1"));
        assertThrows(IllegalArgumentException.class,
                () -> new HttpApiSettings("127.0.0.1", 0, "", null, null, null, "1"));
        assertThrows(IllegalArgumentException.class,
                () -> new HttpApiSettings("127.0.0.1", 0, null, null, null, Duration.ZERO, "1"));
    }

    @Test
    void settingsDefaultToTheWebClientsOriginsAndAFifteenSecondKeepalive() {
        HttpApiSettings settings = new HttpApiSettings("127.0.0.1", 0, null, null, null, null, "1");

        assertEquals(List.of("http://localhost:5173", "http://127.0.0.1:5173"), settings.corsOrigins());
        assertEquals(Duration.ofSeconds(15), settings.keepalive());
        assertEquals(List.of(), settings.allowedHosts());
    }

    @Test
    void anApiStartsOnceOnTheRealPortAndClosesTwiceQuietly() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        assertTrue(server.address.getPort() > 0);
        assertThrows(IllegalStateException.class, server.api::start);
        server.api.close();
        server.api.close();
        assertThrows(IllegalStateException.class, server.api::start);
    }
}
