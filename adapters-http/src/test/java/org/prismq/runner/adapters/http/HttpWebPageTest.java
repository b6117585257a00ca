package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpWebPageTest {

    private static final String TOKEN = "page-t0ken";

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRootServesThePageWithAStrictPolicy() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        HttpResponse<String> page = server.get("/");

        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElseThrow());
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.startsWith("default-src 'self'"), policy);
        assertTrue(page.body().contains("<script src=\"/ui/app.js\" defer></script>"), page.body());
    }

    @ParameterizedTest
    @CsvSource({"/ui/app.js, text/javascript; charset=utf-8", "/ui/app.css, text/css; charset=utf-8",
            "/ui/icon.svg, image/svg+xml", "/ui/index.html, text/html; charset=utf-8"})
    void thePageFilesAreServedWithTheirType(String path, String type) throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        HttpResponse<String> file = server.get(path);

        assertEquals(200, file.statusCode());
        assertEquals(type, file.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(file.headers().firstValue("Content-Security-Policy").isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/ui/nope.js", "/ui/..%2Fapp.js", "/ui/%2e%2e%2fpom.xml", "/ui/app.js%00",
            "/ui/APP.JS", "/ui/", "/ui", "/ui/web/app.js", "/ui/StaticFilesHandler.class", "/app.js"})
    void anythingButABundledFileIsA404WithoutAListing(String path) throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        HttpResponse<String> answer = server.get(path);

        assertEquals(404, answer.statusCode(), path);
        HttpApiBadInputTest.assertIsError(answer, "not_found");
    }

    @Test
    void anUnchangedFileIsRevalidatedWith304() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());
        String tag = server.get("/ui/app.js").headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = server.get("/ui/app.js", "If-None-Match", tag);

        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
    }

    @Test
    void thePageNeedsNoTokenButTheApiStillDoes() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(TOKEN, null, null));

        assertEquals(200, server.get("/").statusCode());
        assertEquals(200, server.get("/ui/app.js").statusCode());
        assertEquals(401, server.get("/api/modules").statusCode());
    }

    @Test
    void thePageKeepsTheHostCheck() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        String answer = server.raw("GET / HTTP/1.1\r\nHost: evil.example");

        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
    }

    @Test
    void thePageAnswersOnlyGet() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());

        HttpResponse<String> answer = server.send("POST", "/", "application/json", "{}");

        assertEquals(405, answer.statusCode());
        assertEquals("GET", answer.headers().firstValue("Allow").orElseThrow());
    }
}
