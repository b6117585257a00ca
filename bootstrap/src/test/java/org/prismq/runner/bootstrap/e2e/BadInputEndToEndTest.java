package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input against the real service, on every route, with the real use cases behind it: each gets its status
 * and error code in the {@code {detail, error_code, timestamp}} shape, and the service keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadInputEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    private static final String JSON = "application/json";
    /** Stands for the id of a run that has ended; replaced before the request goes out. */
    private static final String ENDED = "{ended}";

    @TempDir
    static Path folder;

    private TestService service;
    private Api api;
    private String endedRun;

    @BeforeAll
    void start() {
        service = TestService.withTestModules(folder.resolve("table"));
        api = service.api();
        endedRun = api.launch("silent", Map.of());
        assertEquals("completed", Runs.awaitEnd(api, endedRun, RUN_TIMEOUT).get("status").asText());
    }

    @AfterAll
    void stop() {
        service.close();
    }

    /**
     * @param detail words the {@code detail} must contain, such as the name of every refused parameter
     */
    record Case(String name, String method, String path, String contentType, String body, int status, String code,
            List<String> detail, String... headers) {

        Case(String name, String method, String path, String contentType, String body, int status, String code,
                String... headers) {
            this(name, method, path, contentType, body, status, code, List.of(), headers);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String ended = "/api/runs/" + ENDED;
        String numbered = "/api/modules/numbered";
        return Stream.of(
                // Unknown paths and wrong methods
                new Case("unknown path", "GET", "/api/nope", null, null, 404, "not_found"),
                new Case("a page file not bundled", "GET", "/ui/secrets.txt", null, null, 404, "not_found"),
                new Case("traversal out of the page files", "GET", "/ui/..%2F..%2Fpom.xml", null, null, 404,
                        "not_found"),
                new Case("trailing slash", "GET", "/api/health/", null, null, 404, "not_found"),
                new Case("path outside the API", "GET", "/etc/passwd", null, null, 404, "not_found"),
                new Case("POST on health", "POST", "/api/health", JSON, "{}", 405, "method_not_allowed"),
                new Case("POST on stats", "POST", "/api/system/stats", JSON, "{}", 405, "method_not_allowed"),
                new Case("DELETE on the OpenAPI document", "DELETE", "/api/openapi.json", null, null, 405,
                        "method_not_allowed"),
                new Case("DELETE on modules", "DELETE", "/api/modules", null, null, 405, "method_not_allowed"),
                new Case("PATCH on a config", "PATCH", numbered + "/config", JSON, "{}", 405, "method_not_allowed"),
                new Case("GET on launch", "GET", numbered + "/run", null, null, 405, "method_not_allowed"),
                new Case("PUT on a run", "PUT", ended, JSON, "{}", 405, "method_not_allowed"),
                new Case("POST on logs", "POST", ended + "/logs", JSON, "{}", 405, "method_not_allowed"),
                new Case("DELETE on a download", "DELETE", ended + "/logs/download", null, null, 405,
                        "method_not_allowed"),
                // Ids
                new Case("module id with a space", "GET", "/api/modules/bad%20id", null, null, 400, "invalid_id"),
                new Case("module id with a colon", "GET", "/api/modules/a:b/config", null, null, 400, "invalid_id"),
                new Case("module id climbing out", "POST", "/api/modules/..%2F..%2Fetc/run", JSON, "{}", 400,
                        "invalid_id"),
                new Case("module id too long", "GET", "/api/modules/" + "m".repeat(101), null, null, 400,
                        "invalid_id"),
                new Case("run id with an encoded slash", "GET", "/api/runs/r%2Fx", null, null, 400, "invalid_id"),
                new Case("run id climbing out", "GET", "/api/runs/%2E%2E%2Fdata/logs", null, null, 400,
                        "invalid_id"),
                new Case("run id with unicode", "DELETE", "/api/runs/r%C3%A9", null, null, 400, "invalid_id"),
                new Case("module filter not an id", "GET", "/api/runs?module_id=a%2Fb", null, null, 400,
                        "invalid_id"),
                // Unknown modules and runs
                new Case("unknown module", "GET", "/api/modules/ghost", null, null, 404, "module_not_found"),
                new Case("config of an unknown module", "GET", "/api/modules/ghost/config", null, null, 404,
                        "module_not_found"),
                new Case("saving the config of an unknown module", "POST", "/api/modules/ghost/config", JSON,
                        "{\"parameters\": {}}", 404, "module_not_found"),
                new Case("deleting the config of an unknown module", "DELETE", "/api/modules/ghost/config", null,
                        null, 404, "module_not_found"),
                new Case("launch of an unknown module", "POST", "/api/modules/ghost/run", JSON, "{}", 404,
                        "module_not_found"),
                new Case("unknown run", "GET", "/api/runs/run_ghost", null, null, 404, "run_not_found"),
                new Case("cancel of an unknown run", "DELETE", "/api/runs/run_ghost", null, null, 404,
                        "run_not_found"),
                new Case("logs of an unknown run", "GET", "/api/runs/run_ghost/logs", null, null, 404,
                        "run_not_found"),
                new Case("download of an unknown run", "GET", "/api/runs/run_ghost/logs/download", null, null, 404,
                        "run_not_found"),
                new Case("stream of an unknown run", "GET", "/api/runs/run_ghost/logs/stream", null, null, 404,
                        "run_not_found"),
                new Case("resumed stream of an unknown run", "GET", "/api/runs/run_ghost/logs/stream", null, null,
                        404, "run_not_found", "Last-Event-ID", "5"),
                // State conflicts
                new Case("launch of a disabled module", "POST", "/api/modules/switched-off/run", JSON, "{}", 409,
                        "module_not_launchable"),
                new Case("launch of a module in maintenance", "POST", "/api/modules/under-repair/run", JSON, "{}",
                        409, "module_not_launchable"),
                new Case("cancel of an ended run", "DELETE", ended, null, null, 400, "run_not_active"),
                // Parameters
                new Case("every invalid parameter listed", "POST", numbered + "/run", JSON,
                        "{\"parameters\": {\"count\": \"many\", \"pause\": 11, \"nope\": 1}}", 400,
                        "invalid_parameters", List.of("count", "pause", "nope")),
                new Case("number below its minimum", "POST", numbered + "/run", JSON,
                        "{\"parameters\": {\"count\": -1}}", 400, "invalid_parameters", List.of("count")),
                new Case("required parameter missing", "POST", "/api/modules/concurrency/run", JSON,
                        "{\"parameters\": {\"index\": 1}}", 400, "invalid_parameters", List.of("dir")),
                new Case("invalid config", "POST", numbered + "/config", JSON,
                        "{\"parameters\": {\"count\": 20000000}}", 400, "invalid_parameters", List.of("count")),
                new Case("parameter value an array", "POST", numbered + "/run", JSON,
                        "{\"parameters\": {\"count\": [1]}}", 400, "invalid_parameters", List.of("count")),
                // Bodies
                new Case("malformed JSON", "POST", numbered + "/run", JSON, "{\"parameters\": ", 400,
                        "invalid_json"),
                new Case("JSON array", "POST", numbered + "/config", JSON, "[]", 400, "invalid_json"),
                new Case("JSON null", "POST", numbered + "/run", JSON, "null", 400, "invalid_json"),
                new Case("two JSON objects", "POST", numbered + "/run", JSON, "{} {}", 400, "invalid_json"),
                new Case("parameters a string", "POST", numbered + "/run", JSON, "{\"parameters\": \"x\"}", 400,
                        "invalid_request"),
                new Case("save_config a string", "POST", numbered + "/run", JSON, "{\"save_config\": \"yes\"}", 400,
                        "invalid_request"),
                new Case("config without parameters", "POST", numbered + "/config", JSON, "{}", 400,
                        "invalid_request"),
                new Case("text/plain body", "POST", numbered + "/run", "text/plain", "{}", 415,
                        "unsupported_media_type"),
                new Case("form body", "POST", numbered + "/config", "application/x-www-form-urlencoded",
                        "parameters=1", 415, "unsupported_media_type"),
                new Case("latin-1 JSON", "POST", numbered + "/run", "application/json; charset=iso-8859-1", "{}",
                        415, "unsupported_media_type"),
                new Case("empty launch without content type", "POST", numbered + "/run", null, "", 415,
                        "unsupported_media_type"),
                // Pages of other sites
                new Case("launch from another site", "POST", numbered + "/run", "text/plain", "", 403,
                        "origin_not_allowed", "Origin", "http://evil.example"),
                new Case("config saved from a sandboxed page", "POST", numbered + "/config", JSON,
                        "{\"parameters\": {}}", 403, "origin_not_allowed", "Origin", "null"),
                new Case("config reset from another site", "DELETE", numbered + "/config", null, null, 403,
                        "origin_not_allowed", "Sec-Fetch-Site", "cross-site"),
                // Query values
                new Case("limit abc", "GET", "/api/runs?limit=abc", null, null, 400, "invalid_query",
                        List.of("limit")),
                new Case("limit 0", "GET", "/api/runs?limit=0", null, null, 400, "invalid_query"),
                new Case("limit 101", "GET", "/api/runs?limit=101", null, null, 400, "invalid_query"),
                new Case("offset -1", "GET", "/api/runs?offset=-1", null, null, 400, "invalid_query"),
                new Case("limit twice", "GET", "/api/runs?limit=1&limit=2", null, null, 400, "invalid_query"),
                new Case("unknown status", "GET", "/api/runs?status=done", null, null, 400, "invalid_query",
                        List.of("status")),
                new Case("tail 0", "GET", ended + "/logs?tail=0", null, null, 400, "invalid_query",
                        List.of("tail")),
                new Case("tail 10001", "GET", ended + "/logs?tail=10001", null, null, 400, "invalid_query"),
                new Case("since yesterday", "GET", ended + "/logs?since=yesterday", null, null, 400,
                        "invalid_query", List.of("since")),
                new Case("after -1", "GET", ended + "/logs?after=-1", null, null, 400, "invalid_query"),
                new Case("level LOUD", "GET", ended + "/logs?level=LOUD", null, null, 400, "invalid_query",
                        List.of("level")),
                new Case("stream with tail 10001", "GET", ended + "/logs/stream?tail=10001", null, null, 400,
                        "invalid_query"),
                new Case("stream with another event name", "GET", ended + "/logs/stream?event=message", null, null,
                        400, "invalid_query"),
                new Case("stream with a bad Last-Event-ID", "GET", ended + "/logs/stream", null, null, 400,
                        "invalid_request", List.of("Last-Event-ID"), "Last-Event-ID", "yesterday"));
    }

    @Test
    void theTableCoversAtLeastFortyCasesAndEveryRoute() {
        assertTrue(cases().count() >= 40);
        Set<String> paths = new TreeSet<>();
        cases().forEach(refused -> paths.add(refused.path().split("\\?")[0]));
        for (String route : List.of("/api/health", "/api/system/stats", "/api/openapi.json", "/api/modules",
                "/api/modules/ghost", "/api/modules/ghost/config", "/api/modules/ghost/run", "/api/runs",
                "/api/runs/run_ghost", "/api/runs/run_ghost/logs", "/api/runs/run_ghost/logs/download",
                "/api/runs/run_ghost/logs/stream")) {
            assertTrue(paths.contains(route), route + " has no case");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyRefusalIsAJsonErrorAndTheServiceKeepsServing(Case refused) throws Exception {
        HttpResponse<String> response = send(refused.method(), refused.path().replace(ENDED, endedRun),
                refused.contentType(), refused.body(), refused.headers());

        assertEquals(refused.status(), response.statusCode(), response.body());
        JsonNode error = assertIsError(response, refused.code());
        for (String word : refused.detail()) {
            assertTrue(error.get("detail").asText().contains(word), word + " is not in " + error.get("detail"));
        }
        if (refused.status() == 405) {
            assertFalse(response.headers().firstValue("Allow").orElse("").isEmpty(), "405 names what is allowed");
        }
        assertEquals(200, api.get("/api/health").status());
    }

    /**
     * Over a raw socket, sending the headers only: a server that closes with unread bytes makes the client's system
     * reset the connection, which can lose the answer on its way (a real client would retry), so nothing is sent
     * that the server is to leave unread.
     */
    @Test
    void aDeclaredBodyOverOneMebibyteIsRefusedWith413BeforeItIsSent() throws Exception {
        URI base = URI.create(api.url("/"));
        String answer;
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            socket.getOutputStream().write(("POST /api/modules/numbered/run HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (2 << 20)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            answer = readAnswer(socket.getInputStream());
        }

        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("\"error_code\":\"payload_too_large\""), answer);
        assertEquals(200, api.get("/api/health").status());
    }

    /**
     * One HTTP answer, head and body, read by its {@code Content-Length}: the server keeps the connection open a
     * while for the body it refused, so the end of the stream does not mark the end of the answer.
     */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.write(next);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void aFullQueueRefusesLaunchesWith429() throws Exception {
        try (TestService busy = TestService.withTestModules(folder.resolve("busy"), "--max-concurrent", "1",
                "--queue-size", "0")) {
            Api client = busy.api();
            String running = client.launch("graceful", Map.of());
            Runs.awaitLine(client, running, "ready", RUN_TIMEOUT);

            HttpResponse<String> refused = send(client, "POST", "/api/modules/silent/run", JSON, "{}");

            assertEquals(429, refused.statusCode(), refused.body());
            assertIsError(refused, "queue_full");
            assertEquals(200, client.delete("/api/runs/" + running).status());
            assertEquals(202, client.post("/api/modules/silent/run", Map.of()).status(), "room again");
            assertEquals(200, client.get("/api/health").status());
        }
    }

    @Test
    void statsCountRunsAsTheyEndAndReportTheHost() {
        try (TestService fresh = TestService.withTestModules(folder.resolve("stats"))) {
            Api client = fresh.api();
            JsonNode before = client.get("/api/system/stats").json();
            assertEquals(0, before.at("/runs/total").asInt());
            assertEquals(14, before.at("/modules/total").asInt());
            assertEquals(14, before.at("/modules/idle").asInt());

            String running = client.launch("graceful", Map.of());
            Runs.awaitLine(client, running, "ready", RUN_TIMEOUT);
            JsonNode during = client.get("/api/system/stats").json();
            assertEquals(1, during.at("/modules/active").asInt());
            assertEquals(13, during.at("/modules/idle").asInt());
            assertEquals(1, client.get("/api/health").json().get("active_runs").asInt());
            assertEquals(200, client.delete("/api/runs/" + running).status());

            String completed = client.launch("silent", Map.of());
            String failed = client.launch("missing-script", Map.of());
            Runs.awaitEnd(client, completed, RUN_TIMEOUT);
            Runs.awaitEnd(client, failed, RUN_TIMEOUT);
            JsonNode after = client.get("/api/system/stats").json();

            assertEquals(3, after.at("/runs/total").asInt(), after.toString());
            assertEquals(1, after.at("/runs/successful").asInt());
            assertEquals(1, after.at("/runs/failed").asInt(), "a cancelled run is neither");
            assertEquals(100.0 / 3, after.at("/runs/success_rate").asDouble(), 0.01);
            assertEquals(0, after.at("/modules/active").asInt());
            assertEquals(0, client.get("/api/health").json().get("active_runs").asInt());
            JsonNode host = after.get("system");
            double memory = host.get("memory_percent").asDouble();
            assertTrue(memory > 0 && memory <= 100, host.toString());
            assertTrue(host.get("disk_free_gb").asDouble() > 0, host.toString());
            JsonNode cpu = host.get("cpu_percent");
            assertTrue(cpu.isNull() || cpu.asDouble() >= 0 && cpu.asDouble() <= 100, host.toString());
        }
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body,
            String... headers) throws IOException, InterruptedException {
        return send(api, method, path, contentType, body, headers);
    }

    /** @param headers name, value, name, value, ... */
    private static HttpResponse<String> send(Api client, String method, String path, String contentType,
            String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.url(path)))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode assertIsError(HttpResponse<String> response, String code) throws IOException {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode error = Api.JSON.readTree(response.body());
        Set<String> fields = new TreeSet<>();
        error.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("detail", "error_code", "timestamp", "errors"), fields);
        assertEquals(code, error.get("error_code").asText());
        assertEquals(code.equals("invalid_parameters"), error.get("errors").isArray(),
                "errors lists the parameters of an invalid_parameters answer and is null otherwise");
        String detail = error.get("detail").asText();
        assertFalse(detail.isBlank());
        assertFalse(detail.contains("\tat ") || detail.contains("Exception"), "no stack trace: " + detail);
        assertNotNull(Instant.parse(error.get("timestamp").asText()));
        return error;
    }
}
