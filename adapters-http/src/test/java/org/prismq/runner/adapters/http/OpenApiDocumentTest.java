package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.prismq.runner.adapters.http.metrics.PrometheusMetrics;
import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The OpenAPI document, walked against the real route table, the handlers' code and the answers of a server: every
 * documented operation exists and every route is documented; documented query and header parameters are read,
 * with the documented bounds, and every parameter a handler reads is documented; answers, stream events and the
 * document's examples have exactly the fields of their schemas.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static final Path HANDLER_SOURCES = Path.of("src", "main", "java", "org", "prismq", "runner", "adapters",
            "http");
    private static final Pattern READ_PARAMETER = Pattern.compile(
            "query(?:\\(\\))?\\.(?:string|integer|wholeNumber|instant|parsed)\\(\"([^\"]+)\"|header\\(\"([^\"]+)\"\\)");

    private final JsonNode document = readDocument();
    private final SchemaCheck schemas = new SchemaCheck(document);
    private TestServer server;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(StubUseCases.withFixtures());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theDocumentIsOpenApi31AndServedAsWritten() throws Exception {
        assertTrue(document.get("openapi").asText().startsWith("3.1."), document.get("openapi").asText());

        HttpResponse<String> served = server.get("/api/openapi.json");

        assertEquals(200, served.statusCode());
        assertEquals("application/json", served.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(document, TestServer.json(served));
    }

    @Test
    void everyDocumentedOperationIsARouteAndEveryRouteIsDocumented() {
        Set<String> documented = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(field -> {
            if (METHODS.contains(field)) {
                documented.add(field.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        Set<String> routed = new TreeSet<>();
        try (RouteTable table = RouteTable.create(server.stub.useCases(), Duration.ofSeconds(15), new PrometheusMetrics())) {
            for (RouteTable.Route route : apiRoutes(table)) {
                route.methods().forEach(method -> routed.add(method + " " + route.template()));
            }
        }

        assertEquals(routed, documented);
    }

    @Test
    void pathParametersAreThoseOfTheTemplateAndFollowTheIdPattern() {
        document.get("paths").properties().forEach(path -> {
            Set<String> inTemplate = new TreeSet<>();
            Matcher names = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (names.find()) {
                inTemplate.add(names.group(1));
            }
            Set<String> declared = new TreeSet<>();
            for (JsonNode parameter : parameters(path.getValue(), null)) {
                if (parameter.get("in").asText().equals("path")) {
                    declared.add(parameter.get("name").asText());
                    assertTrue(parameter.get("required").asBoolean());
                    assertEquals("^[A-Za-z0-9._-]+$", schemas.resolve(parameter.get("schema")).get("pattern").asText());
                }
            }
            assertEquals(inTemplate, declared, path.getKey());
        });
    }

    @Test
    void everyParameterAHandlerReadsIsDocumentedAndNoOther() throws IOException {
        try (RouteTable table = RouteTable.create(server.stub.useCases(), Duration.ofSeconds(15), new PrometheusMetrics())) {
            for (RouteTable.Route route : apiRoutes(table)) {
                Set<String> read = parametersReadBy(route.handler().getClass().getSimpleName());
                JsonNode path = document.get("paths").get(route.template());
                assertNotNull(path, route.template() + " is not documented");
                for (String method : route.methods()) {
                    JsonNode operation = path.get(method.toLowerCase(Locale.ROOT));
                    Set<String> documented = new TreeSet<>();
                    for (JsonNode parameter : parameters(path, operation)) {
                        if (!parameter.get("in").asText().equals("path")) {
                            documented.add(parameter.get("name").asText());
                        }
                    }
                    assertEquals(read, documented, method + " " + route.template());
                }
            }
        }
    }

    @Test
    void documentedBoundsAreTheServersBounds() throws Exception {
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                for (JsonNode parameter : parameters(path.getValue(), operation.getValue())) {
                    if (!parameter.get("in").asText().equals("path")) {
                        checkBounds(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), parameter);
                    }
                }
            }
        }
    }

    @Test
    void theQueryTokenIsDocumentedExactlyWhereItIsAccepted() {
        try (RouteTable table = RouteTable.create(server.stub.useCases(), Duration.ofSeconds(15), new PrometheusMetrics())) {
            for (RouteTable.Route route : apiRoutes(table)) {
                JsonNode path = document.get("paths").get(route.template());
                assertNotNull(path, route.template() + " is not documented");
                JsonNode operation = path.get("get");
                JsonNode security = operation == null || !operation.has("security")
                        ? document.get("security") : operation.get("security");
                boolean queryToken = false;
                for (JsonNode requirement : security) {
                    queryToken |= requirement.has("queryToken");
                }
                assertEquals(route.acceptsQueryToken(), queryToken, route.template());
            }
        }
        assertEquals("bearer", document.at("/components/securitySchemes/bearer/scheme").asText());
        assertEquals("token", document.at("/components/securitySchemes/queryToken/name").asText());
    }

    @Test
    void everyOperationDocumentsItsErrorsAsErrorObjects() {
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!METHODS.contains(operation.getKey())) {
                return;
            }
            String where = operation.getKey() + " " + path.getKey();
            JsonNode responses = operation.getValue().get("responses");
            for (String status : List.of("401", "403", "500")) {
                assertTrue(responses.has(status), where + " documents " + status);
            }
            responses.properties().forEach(response -> {
                if (Integer.parseInt(response.getKey()) >= 400) {
                    JsonNode schema = schemas.resolve(response.getValue()).at("/content/application~1json/schema");
                    assertEquals("#/components/schemas/Error", schema.path("$ref").asText(), where);
                }
            });
        }));
    }

    @Test
    void answersHaveExactlyTheFieldsOfTheirDocumentedSchemas() throws Exception {
        String run = "/api/runs/" + Fixtures.RUNNING;
        List<String[]> calls = List.of(
                new String[] {"GET", "/api/health", null, "200"},
                new String[] {"GET", "/api/system/stats", null, "200"},
                new String[] {"GET", "/api/openapi.json", null, "200"},
                new String[] {"GET", "/api/modules", null, "200"},
                new String[] {"GET", "/api/modules/demo", null, "200"},
                new String[] {"GET", "/api/modules/plain", null, "200"},
                new String[] {"GET", "/api/modules/demo/config", null, "200"},
                new String[] {"POST", "/api/modules/demo/config", "{\"parameters\": {\"query\": \"abc\"}}", "200"},
                new String[] {"DELETE", "/api/modules/demo/config", null, "200"},
                new String[] {"POST", "/api/modules/demo/run", "{\"parameters\": {\"query\": \"abc\"}}", "202"},
                new String[] {"GET", "/api/runs", null, "200"},
                new String[] {"GET", run, null, "200"},
                new String[] {"GET", "/api/runs/" + Fixtures.COMPLETED, null, "200"},
                new String[] {"DELETE", "/api/runs/" + Fixtures.QUEUED, null, "200"},
                new String[] {"GET", run + "/logs?tail=5", null, "200"},
                new String[] {"GET", run + "/logs/download", null, "200"},
                new String[] {"GET", "/api/modules/ghost", null, "404"},
                new String[] {"GET", "/api/runs?limit=abc", null, "400"},
                new String[] {"DELETE", "/api/runs/" + Fixtures.COMPLETED, null, "400"},
                new String[] {"POST", "/api/modules/disabled/run", "{}", "409"},
                new String[] {"POST", "/api/modules/demo/run", "{", "400"},
                new String[] {"POST", "/api/modules/demo/run", "{}", "415", "text/plain"},
                new String[] {"GET", "/api/modules/" + StubUseCases.BROKEN, null, "500"});
        for (String[] call : calls) {
            String contentType = call.length > 4 ? call[4] : call[2] == null ? null : "application/json";
            HttpResponse<String> response = server.send(call[0], call[1], contentType, call[2]);
            String where = call[0] + " " + call[1];
            assertEquals(Integer.parseInt(call[3]), response.statusCode(), where + ": " + response.body());

            JsonNode documented = schemas.resolve(operation(call[0], call[1]).get("responses").get(call[3]));
            String mediaType = response.headers().firstValue("Content-Type").orElseThrow().split(";")[0].strip();
            JsonNode content = documented.get("content").get(mediaType);
            assertNotNull(content, where + " answers " + mediaType + ", documented: " + documented.get("content"));
            if (mediaType.equals("application/json")) {
                schemas.check(content.get("schema"), TestServer.json(response), where);
            }
        }
    }

    @Test
    void aRouteOfAnotherMethodOrNoRouteAnswersWithTheDocumentedErrorShape() throws Exception {
        JsonNode error = document.at("/components/schemas/Error");
        for (HttpResponse<String> response : List.of(server.send("PUT", "/api/health", null, null),
                server.get("/api/no/such/path"))) {
            schemas.check(error, TestServer.json(response), response.request().uri().getPath());
        }
    }

    @Test
    void streamEventsCarryTheDocumentedData() throws Exception {
        JsonNode events = operation("GET", "/api/runs/x/logs/stream")
                .at("/responses/200/content/text~1event-stream/x-events");
        server.stub.scriptFollow(Fixtures.RUNNING).push(
                new FollowEvent.Lines(Fixtures.lines(2)),
                new FollowEvent.Frame(3, LogStream.STDOUT, "50%"),
                new FollowEvent.StatusChanged(RunStatus.COMPLETED),
                new FollowEvent.Completed(RunStatus.COMPLETED, 0, 2));
        List<String> seen = new ArrayList<>();

        try (SseReader sse = server.stream("/api/runs/" + Fixtures.RUNNING + "/logs/stream")) {
            for (SseReader.Event event = sse.next(); event != null; event = sse.next()) {
                String kind = event.name() == null ? "line" : event.name();
                seen.add(kind);
                schemas.check(events.get(kind), TestServer.JSON.readTree(event.data()), "event " + kind);
            }
        }

        assertEquals(List.of("line", "line", "frame", "status", "complete"), seen);
        assertEquals(Set.of("line", "status", "complete", "frame"), SchemaCheck.names(events));
    }

    @Test
    void examplesHaveExactlyTheFieldsOfTheirSchemas() {
        Map<String, JsonNode> examples = new TreeMap<>();
        document.at("/components/schemas").properties().forEach(schema -> {
            if (schema.getValue().has("example")) {
                examples.put(schema.getKey(), schema.getValue().get("example"));
                schemas.check(schema.getValue(), schema.getValue().get("example"), schema.getKey() + " example");
            }
        });

        assertTrue(examples.keySet().containsAll(Set.of("Run", "LogEntry", "Module", "Error", "SystemStats")),
                examples.keySet().toString());
        assertEquals(HttpApiRoutesTest.RUN_FIELDS, SchemaCheck.names(examples.get("Run")));
        assertEquals(Set.of("seq", "timestamp", "level", "stream", "message"),
                SchemaCheck.names(examples.get("LogEntry")));
    }

    /**
     * Each documented bound and value is the server's: values just outside are refused with a 400 naming the
     * parameter, values at the bounds are taken.
     */
    private void checkBounds(String method, String template, JsonNode parameter) throws Exception {
        String name = parameter.get("name").asText();
        JsonNode schema = schemas.resolve(parameter.get("schema"));
        List<String> refused = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        if (schema.path("type").asText().equals("integer")) {
            refused.add("abc");
            refused.add("1.5");
            if (schema.has("minimum")) {
                refused.add(Long.toString(schema.get("minimum").asLong() - 1));
                taken.add(schema.get("minimum").asText());
            }
            if (schema.has("maximum")) {
                refused.add(Long.toString(schema.get("maximum").asLong() + 1));
                taken.add(schema.get("maximum").asText());
            }
        }
        if (schema.has("enum")) {
            refused.add("bogus");
            schema.get("enum").forEach(value -> taken.add(value.asText()));
        }
        if ("date-time".equals(schema.path("format").asText())) {
            refused.add("yesterday");
            taken.add("2024-05-01T12:00:00Z");
        }
        if (schema.has("pattern")) {
            refused.add("a:b");
            taken.add("a");
        }
        if (schema.has("maxLength")) {
            refused.add("m".repeat(schema.get("maxLength").asInt() + 1));
        }
        if (schema.has("minLength")) {
            refused.add("");
            taken.add("m".repeat(schema.get("minLength").asInt()));
        }
        if (schema.path("type").asText().equals("boolean")) {
            refused.add("maybe");
            taken.add("true");
            taken.add("false");
        }
        String where = method + " " + template + " " + name;
        assertFalse(refused.isEmpty(), where + ": no documented constraint to check");
        for (String value : refused) {
            HttpResponse<String> response = call(method, template, parameter, value);
            assertEquals(400, response.statusCode(), where + "=" + value + ": " + response.body());
            String detail = TestServer.json(response).get("detail").asText();
            assertTrue(detail.contains(name) || detail.contains(name.replace('_', ' ')),
                    where + "=" + value + ": " + detail);
        }
        for (String value : taken) {
            HttpResponse<String> response = call(method, template, parameter, value);
            assertNotEquals(400, response.statusCode(), where + "=" + value + ": " + response.body());
            assertTrue(response.statusCode() < 300, where + "=" + value + ": " + response.statusCode());
        }
    }

    private HttpResponse<String> call(String method, String template, JsonNode parameter, String value)
            throws Exception {
        String path = template.replace("{module_id}", "demo").replace("{run_id}", Fixtures.COMPLETED.value());
        if (path.endsWith("/stream")) {
            // Every stream that opens reads to this end; a refused one leaves it for the next.
            server.stub.scriptFollow(Fixtures.COMPLETED).push(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 3));
        }
        String name = parameter.get("name").asText();
        if (parameter.get("in").asText().equals("header")) {
            return server.send(method, path, null, null, name, value);
        }
        // A search needs its text; the check is of the other parameter.
        String required = path.endsWith("/logs/search") && !name.equals("q") ? "q=x&" : "";
        String query = required + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        return server.send(method, path + "?" + query, null, null);
    }

    /** The path's and the operation's parameters, references resolved. */
    private List<JsonNode> parameters(JsonNode path, JsonNode operation) {
        List<JsonNode> all = new ArrayList<>();
        path.path("parameters").forEach(parameter -> all.add(schemas.resolve(parameter)));
        if (operation != null) {
            operation.path("parameters").forEach(parameter -> all.add(schemas.resolve(parameter)));
        }
        return all;
    }

    /** The documented operation that answers {@code method} on {@code pathAndQuery}. */
    private JsonNode operation(String method, String pathAndQuery) {
        String path = pathAndQuery.split("\\?")[0];
        for (Map.Entry<String, JsonNode> documented : document.get("paths").properties()) {
            String regex = Pattern.quote(documented.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex)) {
                JsonNode operation = documented.getValue().get(method.toLowerCase(Locale.ROOT));
                assertNotNull(operation, method + " " + documented.getKey() + " is not documented");
                return operation;
            }
        }
        throw new AssertionError("no documented path for " + path);
    }

    /** The query and header parameters the handler's code reads, by name. */
    private static Set<String> parametersReadBy(String handler) throws IOException {
        String source = Files.readString(HANDLER_SOURCES.resolve(handler + ".java"));
        Set<String> names = new TreeSet<>();
        Matcher read = READ_PARAMETER.matcher(source);
        while (read.find()) {
            names.add(read.group(1) != null ? read.group(1) : read.group(2));
        }
        return names;
    }

    private static JsonNode readDocument() {
        try {
            return TestServer.JSON.readTree(OpenApiHandler.load());
        } catch (IOException unreadable) {
            throw new AssertionError("the OpenAPI document is not JSON", unreadable);
        }
    }

    /** The API's routes; the web page's routes ({@code /}, {@code /ui/...}) are no part of the API document. */
    private static List<RouteTable.Route> apiRoutes(RouteTable table) {
        return table.routes().stream().filter(route -> route.template().startsWith("/api/")).toList();
    }
}
