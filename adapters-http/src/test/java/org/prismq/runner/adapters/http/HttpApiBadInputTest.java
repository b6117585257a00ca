package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.ModuleId;

/**
 * Every refusal is a JSON error with the right status and code, and the server keeps serving after each. One
 * server serves the whole table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpApiBadInputTest {

    private static final String JSON = "application/json";
    private static final String LONG_ID = "m".repeat(101);
    private static final ModuleId BUSY = new ModuleId("busy");
    private static final ModuleId STOPPING = new ModuleId("stopping");

    private TestServer server;

    @BeforeAll
    void start() throws Exception {
        StubUseCases stub = StubUseCases.withFixtures();
        stub.launchRefusals.put(BUSY, new RunnerException.QueueFull(100));
        stub.launchRefusals.put(STOPPING, new RunnerException.ShuttingDown());
        server = TestServer.start(stub);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    record Case(String name, String method, String path, String contentType, String body, int status, String code,
            String... headers) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String run = "/api/runs/" + Fixtures.RUNNING;
        String launch = "/api/modules/demo/run";
        String config = "/api/modules/demo/config";
        String stream = run + "/logs/stream";
        return Stream.of(
                // Unknown paths and wrong methods
                new Case("unknown path", "GET", "/api/nope", null, null, 404, "not_found"),
                new Case("outside the API and the page", "GET", "/index.html", null, null, 404, "not_found"),
                new Case("bare /api", "GET", "/api", null, null, 404, "not_found"),
                new Case("trailing slash", "GET", "/api/health/", null, null, 404, "not_found"),
                new Case("empty id segment", "GET", "/api/runs//logs", null, null, 404, "not_found"),
                new Case("POST on health", "POST", "/api/health", JSON, "{}", 405, "method_not_allowed"),
                new Case("DELETE on modules", "DELETE", "/api/modules", null, null, 405, "method_not_allowed"),
                new Case("PUT on a run", "PUT", run, JSON, "{}", 405, "method_not_allowed"),
                new Case("GET on launch", "GET", launch, null, null, 405, "method_not_allowed"),
                new Case("PATCH on config", "PATCH", config, JSON, "{}", 405, "method_not_allowed"),
                new Case("OPTIONS without preflight headers", "OPTIONS", "/api/health", null, null, 405,
                        "method_not_allowed"),
                // Bodies
                new Case("malformed JSON", "POST", launch, JSON, "{", 400, "invalid_json"),
                new Case("JSON array", "POST", launch, JSON, "[]", 400, "invalid_json"),
                new Case("JSON string", "POST", launch, JSON, "\"text\"", 400, "invalid_json"),
                new Case("JSON null", "POST", launch, JSON, "null", 400, "invalid_json"),
                new Case("only white space", "POST", launch, JSON, "   ", 400, "invalid_json"),
                new Case("trailing JSON", "POST", launch, JSON, "{} {}", 400, "invalid_json"),
                new Case("duplicate field", "POST", launch, JSON, "{\"save_config\": true, \"save_config\": false}",
                        400, "invalid_json"),
                new Case("parameters an array", "POST", launch, JSON, "{\"parameters\": []}", 400, "invalid_request"),
                new Case("parameters a string", "POST", launch, JSON, "{\"parameters\": \"x\"}", 400,
                        "invalid_request"),
                new Case("parameter value an array", "POST", launch, JSON, "{\"parameters\": {\"query\": [1]}}", 400,
                        "invalid_parameters"),
                new Case("parameter value an object", "POST", launch, JSON,
                        "{\"parameters\": {\"query\": {\"a\": 1}}}", 400, "invalid_parameters"),
                new Case("save_config a string", "POST", launch, JSON, "{\"save_config\": \"yes\"}", 400,
                        "invalid_request"),
                new Case("save_config a number", "POST", launch, JSON, "{\"save_config\": 1}", 400,
                        "invalid_request"),
                new Case("text/plain body", "POST", launch, "text/plain", "{}", 415, "unsupported_media_type"),
                new Case("no content type", "POST", launch, null, "{}", 415, "unsupported_media_type"),
                new Case("form body", "POST", launch, "application/x-www-form-urlencoded", "a=b", 415,
                        "unsupported_media_type"),
                new Case("latin-1 JSON", "POST", launch, "application/json; charset=iso-8859-1", "{}", 415,
                        "unsupported_media_type"),
                new Case("UTF-16 declared", "POST", launch, "application/json; charset=utf-16", "{}", 415,
                        "unsupported_media_type"),
                new Case("empty body without content type", "POST", launch, null, "", 415,
                        "unsupported_media_type"),
                new Case("empty config body as text", "POST", config, "text/plain", "", 415,
                        "unsupported_media_type"),
                new Case("config without parameters", "POST", config, JSON, "{}", 400, "invalid_request"),
                new Case("config with null parameters", "POST", config, JSON, "{\"parameters\": null}", 400,
                        "invalid_request"),
                new Case("config refused by the use case", "POST", config, JSON,
                        "{\"parameters\": {\"bad\": 1, \"worse\": 2}}", 400, "invalid_parameters"),
                // Query values
                new Case("limit not a number", "GET", "/api/runs?limit=abc", null, null, 400, "invalid_query"),
                new Case("limit 0", "GET", "/api/runs?limit=0", null, null, 400, "invalid_query"),
                new Case("limit 101", "GET", "/api/runs?limit=101", null, null, 400, "invalid_query"),
                new Case("limit a fraction", "GET", "/api/runs?limit=1.5", null, null, 400, "invalid_query"),
                new Case("limit huge", "GET", "/api/runs?limit=99999999999999999999", null, null, 400,
                        "invalid_query"),
                new Case("offset negative", "GET", "/api/runs?offset=-1", null, null, 400, "invalid_query"),
                new Case("limit twice", "GET", "/api/runs?limit=1&limit=2", null, null, 400, "invalid_query"),
                new Case("unknown status", "GET", "/api/runs?status=bogus", null, null, 400, "invalid_query"),
                new Case("status in upper case", "GET", "/api/runs?status=RUNNING", null, null, 400,
                        "invalid_query"),
                new Case("status not UTF-8", "GET", "/api/runs?status=%C3%28", null, null, 400, "invalid_query"),
                new Case("module filter not an id", "GET", "/api/runs?module_id=a%2Fb", null, null, 400,
                        "invalid_id"),
                new Case("tail 0", "GET", run + "/logs?tail=0", null, null, 400, "invalid_query"),
                new Case("tail 10001", "GET", run + "/logs?tail=10001", null, null, 400, "invalid_query"),
                new Case("tail not a number", "GET", run + "/logs?tail=many", null, null, 400, "invalid_query"),
                new Case("since yesterday", "GET", run + "/logs?since=yesterday", null, null, 400, "invalid_query"),
                new Case("since a bad date", "GET", run + "/logs?since=2024-13-45T00:00:00Z", null, null, 400,
                        "invalid_query"),
                new Case("after -1", "GET", run + "/logs?after=-1", null, null, 400, "invalid_query"),
                new Case("level LOUD", "GET", run + "/logs?level=LOUD", null, null, 400, "invalid_query"),
                new Case("around 0", "GET", run + "/logs?around=0", null, null, 400, "invalid_query"),
                new Case("context 5001", "GET", run + "/logs?around=5&context=5001", null, null, 400,
                        "invalid_query"),
                new Case("context -1", "GET", run + "/logs?context=-1", null, null, 400, "invalid_query"),
                new Case("around with tail", "GET", run + "/logs?around=5&tail=9", null, null, 400,
                        "invalid_query"),
                new Case("around with after", "GET", run + "/logs?around=5&after=1", null, null, 400,
                        "invalid_query"),
                new Case("around with since", "GET", run + "/logs?around=5&since=2024-05-01T00:00:00Z", null, null,
                        400, "invalid_query"),
                new Case("around with level", "GET", run + "/logs?around=5&level=ERROR", null, null, 400,
                        "invalid_query"),
                new Case("before with after", "GET", run + "/logs?before=5&after=1", null, null, 400,
                        "invalid_query"),
                new Case("before 0", "GET", run + "/logs?before=0", null, null, 400, "invalid_query"),
                // Ids
                new Case("run id with an encoded slash", "GET", "/api/runs/r%2Fx", null, null, 400, "invalid_id"),
                new Case("module id with a space", "GET", "/api/modules/bad%20id", null, null, 400, "invalid_id"),
                new Case("module id not UTF-8", "GET", "/api/modules/%C3%28", null, null, 400, "invalid_id"),
                new Case("module id with a colon", "GET", "/api/modules/a:b/config", null, null, 400, "invalid_id"),
                new Case("module id too long", "GET", "/api/modules/" + LONG_ID, null, null, 400, "invalid_id"),
                new Case("run id with unicode", "DELETE", "/api/runs/r%C3%A9", null, null, 400, "invalid_id"),
                // The use cases' refusals
                new Case("unknown module", "GET", "/api/modules/ghost", null, null, 404, "module_not_found"),
                new Case("config of an unknown module", "GET", "/api/modules/ghost/config", null, null, 404,
                        "module_not_found"),
                new Case("launch of an unknown module", "POST", "/api/modules/ghost/run", JSON, "{}", 404,
                        "module_not_found"),
                new Case("unknown run", "GET", "/api/runs/run_ghost", null, null, 404, "run_not_found"),
                new Case("logs of an unknown run", "GET", "/api/runs/run_ghost/logs", null, null, 404,
                        "run_not_found"),
                new Case("download of an unknown run", "GET", "/api/runs/run_ghost/logs/download", null, null, 404,
                        "run_not_found"),
                new Case("cancel of an unknown run", "DELETE", "/api/runs/run_ghost", null, null, 404,
                        "run_not_found"),
                new Case("cancel of a finished run", "DELETE", "/api/runs/" + Fixtures.COMPLETED, null, null, 400,
                        "run_not_active"),
                new Case("launch of a disabled module", "POST", "/api/modules/disabled/run", JSON, "{}", 409,
                        "module_not_launchable"),
                new Case("launch with the queue full", "POST", "/api/modules/busy/run", JSON, "{}", 429,
                        "queue_full"),
                new Case("launch while shutting down", "POST", "/api/modules/stopping/run", JSON, "{}", 503,
                        "shutting_down"),
                // The log stream
                new Case("stream of an unknown run", "GET", "/api/runs/run_ghost/logs/stream", null, null, 404,
                        "run_not_found"),
                new Case("stream resumed on an unknown run", "GET", "/api/runs/run_ghost/logs/stream", null, null,
                        404, "run_not_found", "Last-Event-ID", "3"),
                new Case("stream with another event name", "GET", stream + "?event=message", null, null, 400,
                        "invalid_query"),
                new Case("stream with tail 10001", "GET", stream + "?tail=10001", null, null, 400, "invalid_query"),
                new Case("stream with after -1", "GET", stream + "?after=-1", null, null, 400, "invalid_query"),
                new Case("stream with a bad Last-Event-ID", "GET", stream, null, null, 400, "invalid_request",
                        "Last-Event-ID", "abc"),
                new Case("stream with a negative Last-Event-ID", "GET", stream, null, null, 400, "invalid_request",
                        "Last-Event-ID", "-4"),
                // A bug
                new Case("internal error", "GET", "/api/modules/" + StubUseCases.BROKEN, null, null, 500,
                        "internal_error"),
                new Case("stack overflow", "GET", "/api/modules/" + StubUseCases.OVERFLOWING, null, null, 500,
                        "internal_error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRefusalIsAJsonErrorAndTheServerKeepsServing(Case refused) throws Exception {
        HttpResponse<String> response = server.send(refused.method(), refused.path(), refused.contentType(),
                refused.body(), refused.headers());

        assertEquals(refused.status(), response.statusCode(), response.body());
        assertIsError(response, refused.code());
        if (refused.status() == 405) {
            assertFalse(response.headers().firstValue("Allow").orElse("").isEmpty(), "405 names what is allowed");
        }
        assertEquals(200, server.get("/api/health").statusCode());
    }

    @Test
    void theTableHasAtLeastFortyCases() {
        assertTrue(cases().count() >= 40);
    }

    @Test
    void aHeadRequestGetsTheHeadersOfA405WithoutABody() throws Exception {
        HttpResponse<String> response = server.send("HEAD", "/api/health", null, null);

        assertEquals(405, response.statusCode());
        assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
        assertEquals("", response.body());
        assertEquals(200, server.get("/api/health").statusCode());
    }

    @Test
    void invalidParametersListEveryError() throws Exception {
        HttpResponse<String> response = server.postJson("/api/modules/demo/config",
                "{\"parameters\": {\"bad\": 1, \"worse\": 2}}");

        String detail = TestServer.json(response).get("detail").asText();
        assertTrue(detail.contains("bad: ") && detail.contains("worse: "), detail);
    }

    @Test
    void aWrongMethodNamesTheAllowedOnes() throws Exception {
        HttpResponse<String> response = server.send("PUT", "/api/modules/demo/config", JSON, "{}");

        assertEquals("GET, POST, DELETE", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void anInternalErrorLeaksNoDetail() throws Exception {
        HttpResponse<String> response = server.get("/api/modules/" + StubUseCases.BROKEN);

        assertEquals(500, response.statusCode());
        assertFalse(response.body().contains("secret"), response.body());
        assertFalse(response.body().contains("IllegalStateException"), response.body());
        assertFalse(response.body().contains("/srv/"), response.body());
    }

    // Both cases send no byte the server will not read: a server that closes with unread bytes makes the client's
    // system reset the connection, and the answer can be lost on the way (a real client would then retry).

    @Test
    void aDeclaredBodyOverOneMebibyteIsRefusedWith413BeforeItIsSent() throws Exception {
        String answer = server.raw("POST /api/modules/demo/run HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (2 << 20));

        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("\"error_code\":\"payload_too_large\""), answer);
        assertTrue(server.stub.launches.isEmpty());
        assertEquals(200, server.get("/api/health").statusCode());
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsRefusedWith413() throws Exception {
        // A body of unknown length comes chunked, without a Content-Length to refuse up front: the handler reads
        // one byte past the limit and refuses. The body here is complete and only a little longer, so that the
        // JDK server, which drains up to 64 KiB of what is left before closing, leaves nothing unread.
        int size = ApiRequest.MAX_BODY_BYTES + 1_000;
        byte[] start = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] end = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[start.length + size + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        Arrays.fill(body, start.length, start.length + size, (byte) ' ');
        System.arraycopy(end, 0, body, start.length + size, end.length);

        String answer = server.raw("POST /api/modules/demo/run HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked", body);

        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("\"error_code\":\"payload_too_large\""), answer);
        assertTrue(server.stub.launches.isEmpty());
        assertEquals(200, server.get("/api/health").statusCode());
    }

    static Stream<Arguments> bodiesThatAreNotUtf8() {
        byte[] json = "{\"parameters\": {\"query\": \"x\"}}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("UTF-8 with a byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB,
                        (byte) 0xBF}, json), "byte order mark"),
                Arguments.of("UTF-16 with a byte order mark", "{\"parameters\": {}}".getBytes(StandardCharsets.UTF_16),
                        "byte order mark"),
                Arguments.of("UTF-16LE without one", "{\"parameters\": {}}".getBytes(StandardCharsets.UTF_16LE),
                        "NUL byte at offset 1"),
                Arguments.of("UTF-32BE without one", "{}".getBytes(Charset.forName("UTF-32BE")),
                        "NUL byte at offset 0"),
                Arguments.of("Latin-1 in a string", "{\"parameters\": {\"query\": \"caf\u00e9\"}}"
                        .getBytes(StandardCharsets.ISO_8859_1), "not valid UTF-8: byte 0xe9 at offset 29"),
                Arguments.of("an overlong encoding", concat("{\"parameters\": {\"query\": \"".getBytes(
                        StandardCharsets.UTF_8), new byte[] {(byte) 0xC0, (byte) 0xAF, '"', '}', '}'}),
                        "not valid UTF-8"),
                Arguments.of("a lone surrogate", concat("{\"a\": \"".getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'}), "not valid UTF-8"),
                Arguments.of("a cut sequence at the end", concat("{}".getBytes(StandardCharsets.UTF_8),
                        new byte[] {(byte) 0xE2, (byte) 0x82}), "not valid UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesThatAreNotUtf8")
    void aBodyThatIsNotUtf8JsonIsRefusedWith400NamingWhy(String name, byte[] body, String why) throws Exception {
        int launchesBefore = server.stub.launches.size();

        HttpResponse<String> response = server.http.send(HttpRequest.newBuilder(server.uri("/api/modules/demo/run"))
                .header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .timeout(TestServer.TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(400, response.statusCode(), response.body());
        assertIsError(response, "invalid_json");
        String detail = TestServer.json(response).get("detail").asText();
        assertTrue(detail.contains(why), detail);
        assertEquals(launchesBefore, server.stub.launches.size(), "nothing launched");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    static void assertIsError(HttpResponse<String> response, String code) throws Exception {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode error = TestServer.json(response);
        assertEquals(Set.of("detail", "error_code", "timestamp", "errors"), HttpApiRoutesTest.names(error));
        assertEquals(code, error.get("error_code").asText());
        assertEquals(code.equals("invalid_parameters"), error.get("errors").isArray(),
                "errors lists the parameters of an invalid_parameters answer and is null otherwise");
        assertFalse(error.get("detail").asText().isBlank());
        assertFalse(error.get("detail").asText().contains("\tat "), "no stack trace");
        assertTrue(HttpApiRoutesTest.TIMESTAMP.matcher(error.get("timestamp").asText()).matches(),
                error.get("timestamp").asText());
    }
}
