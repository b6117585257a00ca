package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.prismq.runner.application.port.in.ModuleConfigView;
import org.prismq.runner.domain.run.RunStatus;

/**
 * A page of another site must not change anything through a visitor's browser, while the service's own page, the
 * PrismQ web client's allowed origin and clients that send no {@code Origin} (curl, scripts) keep working.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpApiCrossSiteTest {

    private static final String JSON = "application/json";
    private static final String LAUNCH = "/api/modules/demo/run";
    private static final String CONFIG = "/api/modules/demo/config";
    private static final String CANCEL = "/api/runs/" + Fixtures.RUNNING;
    private static final String WEB_CLIENT = "http://localhost:5173";

    private TestServer server;
    private ModuleConfigView saved;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());
        saved = new ModuleConfigView(Fixtures.DEMO, Map.of("query", "kept"), Fixtures.T0);
        server.stub.configs.put(Fixtures.DEMO, saved);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** {@code PORT} stands for the server's port, so that only the scheme, name or port is foreign. */
    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "null", "http://localhost:5174", "https://127.0.0.1:PORT",
            "http://127.0.0.1:1", "http://127.0.0.1:PORT.evil.example", "http://localhost:PORT",
            "http://127.0.0.1:PORT/"})
    void aLaunchFromAPageOfAnotherOriginIsRefusedAndChangesNothing(String origin) throws Exception {
        String foreign = origin.replace("PORT", String.valueOf(server.address.getPort()));

        // The forged request of the report: a simple request, which a browser sends without asking first.
        HttpResponse<String> simple = server.send("POST", LAUNCH, "text/plain", "", "Origin", foreign);
        HttpResponse<String> json = server.send("POST", LAUNCH, JSON, "{}", "Origin", foreign);

        for (HttpResponse<String> refused : List.of(simple, json)) {
            assertEquals(403, refused.statusCode(), refused.body());
            HttpApiBadInputTest.assertIsError(refused, "origin_not_allowed");
            assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
        assertTrue(server.stub.launches.isEmpty(), "nothing launched");
        assertEquals(saved, server.stub.configs.get(Fixtures.DEMO), "the saved configuration is untouched");
    }

    @Test
    void savingDeletingAndCancellingFromAnotherSiteAreRefusedAndChangeNothing() throws Exception {
        String evil = "http://evil.example";

        assertEquals(403, server.send("POST", CONFIG, JSON, "{\"parameters\": {\"query\": \"forged\"}}",
                "Origin", evil).statusCode());
        assertEquals(403, server.send("DELETE", CONFIG, null, null, "Origin", evil).statusCode());
        assertEquals(403, server.send("DELETE", CANCEL, null, null, "Origin", evil).statusCode());
        assertEquals(403, server.send("PUT", CANCEL, JSON, "{}", "Origin", evil).statusCode());
        assertEquals(403, server.send("PATCH", CONFIG, JSON, "{}", "Origin", evil).statusCode());

        assertEquals(saved, server.stub.configs.get(Fixtures.DEMO));
        assertEquals(RunStatus.RUNNING, server.stub.runs.get(Fixtures.RUNNING).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site", "Cross-Site"})
    void withoutOriginAPageOfAnotherSiteIsKnownBySecFetchSite(String site) throws Exception {
        HttpResponse<String> launch = server.send("POST", LAUNCH, JSON, "{}", "Sec-Fetch-Site", site);
        HttpResponse<String> cancel = server.send("DELETE", CANCEL, null, null, "Sec-Fetch-Site", site);

        assertEquals(403, launch.statusCode(), launch.body());
        HttpApiBadInputTest.assertIsError(launch, "origin_not_allowed");
        assertEquals(403, cancel.statusCode());
        assertTrue(server.stub.launches.isEmpty());
        assertEquals(RunStatus.RUNNING, server.stub.runs.get(Fixtures.RUNNING).status());
    }

    @Test
    void twoOriginHeadersAreRefused() throws Exception {
        String answer = server.raw("POST " + LAUNCH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + WEB_CLIENT
                + "\r\nOrigin: http://evil.example\r\nContent-Type: application/json\r\nContent-Length: 0");

        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        assertTrue(server.stub.launches.isEmpty());
    }

    @Test
    void theServicesOwnPageMayLaunchSaveResetAndCancel() throws Exception {
        String own = "http://127.0.0.1:" + server.address.getPort();

        assertEquals(202, server.send("POST", LAUNCH, JSON, "{}", "Origin", own, "Sec-Fetch-Site", "same-origin")
                .statusCode());
        assertEquals(200, server.send("POST", CONFIG, JSON + "; charset=UTF-8", "{\"parameters\": {}}",
                "Origin", own).statusCode());
        assertEquals(200, server.send("DELETE", CONFIG, null, null, "Origin", own).statusCode());
        assertEquals(200, server.send("DELETE", CANCEL, null, null, "Origin", own).statusCode());
        assertEquals(1, server.stub.launches.size());
    }

    @Test
    void theOwnOriginIsTheHostTheBrowserAddressed() throws Exception {
        int port = server.address.getPort();
        String head = "POST " + LAUNCH + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 0\r\n";

        String byName = server.raw(head + "Host: localhost:" + port + "\r\nOrigin: http://localhost:" + port);
        String defaultPort = server.raw(head + "Host: localhost\r\nOrigin: http://LocalHost:80");
        String otherName = server.raw(head + "Host: localhost:" + port + "\r\nOrigin: http://127.0.0.1:" + port);

        assertTrue(byName.startsWith("HTTP/1.1 202"), byName);
        assertTrue(defaultPort.startsWith("HTTP/1.1 202"), defaultPort);
        assertTrue(otherName.startsWith("HTTP/1.1 403"), "another name is another origin: " + otherName);
    }

    @Test
    void theWebClientsOriginMayLaunchSaveResetAndCancel() throws Exception {
        HttpResponse<String> preflight = server.send("OPTIONS", LAUNCH, null, null, "Origin", WEB_CLIENT,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type");
        HttpResponse<String> launch = server.send("POST", LAUNCH, JSON, "{\"parameters\": {}}", "Origin", WEB_CLIENT);

        assertEquals(204, preflight.statusCode());
        assertEquals(202, launch.statusCode(), launch.body());
        assertEquals(WEB_CLIENT, launch.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals(200, server.send("POST", CONFIG, JSON, "{\"parameters\": {}}", "Origin", WEB_CLIENT)
                .statusCode());
        assertEquals(200, server.send("DELETE", CONFIG, null, null, "Origin", WEB_CLIENT).statusCode());
        assertEquals(200, server.send("DELETE", CANCEL, null, null, "Origin", WEB_CLIENT).statusCode());
    }

    @Test
    void clientsThatSendNoOriginKeepWorking() throws Exception {
        assertEquals(202, server.send("POST", LAUNCH, JSON, "").statusCode());
        assertEquals(202, server.send("POST", LAUNCH, JSON, "{}", "Sec-Fetch-Site", "none").statusCode());
        assertEquals(200, server.send("POST", CONFIG, JSON, "{\"parameters\": {}}").statusCode());
        assertEquals(200, server.send("DELETE", CONFIG, null, null).statusCode());
        assertEquals(200, server.send("DELETE", CANCEL, null, null).statusCode());
    }

    @Test
    void readingFromAnotherOriginIsNotRefusedButGetsNoCorsHeader() throws Exception {
        HttpResponse<String> read = server.get("/api/health", "Origin", "http://evil.example");

        assertEquals(200, read.statusCode());
        assertTrue(read.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}"})
    void everyPostNeedsJsonContentTypeEvenWithAnEmptyBody(String body) throws Exception {
        for (String contentType : new String[] {null, "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=utf-16"}) {
            HttpResponse<String> launch = server.send("POST", LAUNCH, contentType, body);
            HttpResponse<String> save = server.send("POST", CONFIG, contentType, body);

            assertEquals(415, launch.statusCode(), contentType + ": " + launch.body());
            HttpApiBadInputTest.assertIsError(launch, "unsupported_media_type");
            assertEquals(415, save.statusCode(), contentType + ": " + save.body());
        }
        assertTrue(server.stub.launches.isEmpty());
        assertEquals(saved, server.stub.configs.get(Fixtures.DEMO));
    }
}
