package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunStatus;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpApiRoutesTest {

    static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    static final Set<String> RUN_FIELDS = Set.of("run_id", "module_id", "module_name", "status", "created_at",
            "started_at", "completed_at", "duration_seconds", "progress_percent", "items_processed", "items_total",
            "exit_code", "error_message", "waiting_for", "parameters");

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthReportsStatusVersionUptimeAndCounts() throws Exception {
        HttpResponse<String> response = server.get("/api/health");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode health = TestServer.json(response);
        assertEquals(Set.of("status", "version", "uptime_seconds", "active_runs", "total_modules", "reason"),
                names(health));
        assertEquals("healthy", health.get("status").asText());
        assertTrue(health.get("reason").isNull());
        assertEquals("9.9.9-test", health.get("version").asText());
        assertEquals(12.5, health.get("uptime_seconds").asDouble());
        assertEquals(2, health.get("active_runs").asInt());
        assertEquals(3, health.get("total_modules").asInt());
    }

    @Test
    void systemStatsNestRunsModulesAndHostFiguresWithUnknownCpuAsNull() throws Exception {
        JsonNode stats = TestServer.json(server.get("/api/system/stats"));

        assertEquals(Set.of("runs", "modules", "system", "database"), names(stats));
        assertEquals(Set.of("total", "successful", "failed", "success_rate"), names(stats.get("runs")));
        assertEquals(4, stats.at("/runs/total").asInt());
        assertEquals(75.0, stats.at("/runs/success_rate").asDouble());
        assertEquals(Set.of("total", "active", "idle"), names(stats.get("modules")));
        assertEquals(2, stats.at("/modules/idle").asInt());
        assertEquals(Set.of("cpu_percent", "memory_percent", "disk_free_gb"), names(stats.get("system")));
        assertTrue(stats.at("/system/cpu_percent").isNull());
        assertEquals(41.5, stats.at("/system/memory_percent").asDouble());
        assertEquals(120.25, stats.at("/system/disk_free_gb").asDouble());
        assertEquals(Set.of("size_bytes", "free_bytes"), names(stats.get("database")));
        assertEquals(1_048_576, stats.at("/database/size_bytes").asLong());
        assertTrue(stats.at("/database/free_bytes").isNull());
    }

    @Test
    void modulesListEveryCatalogFieldWithStatisticsButNeverEnvValues() throws Exception {
        HttpResponse<String> response = server.get("/api/modules");

        assertEquals(200, response.statusCode());
        assertFalse(response.body().contains("s3cr3t-value"), "env values are never sent");
        assertFalse(response.body().contains("API_SECRET"), "env is left out");
        JsonNode body = TestServer.json(response);
        assertEquals(Set.of("modules", "total"), names(body));
        assertEquals(3, body.get("total").asInt());
        JsonNode demo = body.get("modules").get(0);
        assertEquals(Set.of("id", "name", "description", "category", "version", "script_path", "parameters", "tags",
                "status", "enabled", "command", "timeout_seconds", "working_dir", "total_runs", "success_rate",
                "last_run"), names(demo));
        assertEquals("demo", demo.get("id").asText());
        assertEquals("Sources/Demo", demo.get("category").asText());
        assertEquals("../scripts/demo.py", demo.get("script_path").asText());
        assertEquals(List.of("demo", "test"), texts(demo.get("tags")));
        assertEquals("active", demo.get("status").asText());
        assertTrue(demo.get("enabled").asBoolean());
        assertEquals(List.of("bash"), texts(demo.get("command")));
        assertEquals(120, demo.get("timeout_seconds").asInt());
        assertEquals("work", demo.get("working_dir").asText());
        assertEquals(4, demo.get("total_runs").asInt());
        assertEquals(75.0, demo.get("success_rate").asDouble());
        assertEquals("2024-05-01T12:00:02.123456Z", demo.get("last_run").asText());
    }

    @Test
    void moduleParametersCarryEveryDeclaredFieldWithNullsPresent() throws Exception {
        JsonNode parameters = TestServer.json(server.get("/api/modules/demo")).get("parameters");

        assertEquals(6, parameters.size());
        Set<String> fields = Set.of("name", "type", "default", "required", "description", "label", "placeholder",
                "options", "min", "max", "validation", "conditional_display", "warning");
        parameters.forEach(parameter -> assertEquals(fields, names(parameter)));
        JsonNode query = parameters.get(0);
        assertEquals("text", query.get("type").asText());
        assertEquals("trending songs", query.get("default").asText());
        assertTrue(query.get("required").asBoolean());
        assertEquals("Query", query.get("label").asText());
        assertEquals("type here", query.get("placeholder").asText());
        assertEquals("^[a-z ]+$", query.at("/validation/pattern").asText());
        assertEquals("letters only", query.at("/validation/message").asText());
        assertTrue(query.get("options").isNull());
        assertTrue(query.get("min").isNull());
        assertTrue(query.get("conditional_display").isNull());
        JsonNode maxResults = parameters.get(1);
        assertTrue(maxResults.get("min").isIntegralNumber(), "a whole min is written as the catalog writes it");
        assertEquals("1", maxResults.get("min").toString());
        assertEquals("100", maxResults.get("max").toString());
        assertEquals("10", maxResults.get("default").toString());
        assertEquals("0.5", parameters.get(2).get("min").toString());
        JsonNode mode = parameters.get(3);
        assertEquals(List.of("fast", "slow"), texts(mode.get("options")));
        assertEquals("slow is slow", mode.get("warning").asText());
        assertEquals("checkbox", parameters.get(4).get("type").asText());
        JsonNode apiKey = parameters.get(5);
        assertEquals("password", apiKey.get("type").asText());
        assertEquals("mode", apiKey.at("/conditional_display/field").asText());
        assertEquals("slow", apiKey.at("/conditional_display/value").asText());
    }

    @Test
    void aModuleWithoutOptionalFieldsSendsThemAsNull() throws Exception {
        JsonNode plain = TestServer.json(server.get("/api/modules/plain"));

        for (String field : List.of("description", "category", "version", "command", "timeout_seconds",
                "working_dir", "last_run")) {
            assertTrue(plain.get(field).isNull(), field + " is null, not left out");
        }
        assertEquals(0, plain.get("parameters").size());
        assertEquals(0, plain.get("total_runs").asInt());
        assertEquals(0.0, plain.get("success_rate").asDouble());
        assertEquals("inactive", plain.get("status").asText());
    }

    @Test
    void configIsReadSavedAndDeleted() throws Exception {
        JsonNode defaults = TestServer.json(server.get("/api/modules/demo/config"));
        assertEquals(Set.of("module_id", "parameters", "updated_at", "saved"), names(defaults));
        assertEquals("demo", defaults.get("module_id").asText());
        assertEquals("trending songs", defaults.at("/parameters/query").asText());
        assertTrue(defaults.at("/parameters/api_key").isNull());
        assertFalse(defaults.get("saved").asBoolean());

        HttpResponse<String> saved = server.postJson("/api/modules/demo/config",
                "{\"parameters\": {\"query\": \"abc\", \"max_results\": 5, \"verbose\": true, \"api_key\": null}}");
        assertEquals(200, saved.statusCode());
        JsonNode savedBody = TestServer.json(saved);
        assertEquals("abc", savedBody.at("/parameters/query").asText());
        assertEquals(5, savedBody.at("/parameters/max_results").asInt());
        assertTrue(savedBody.at("/parameters/verbose").asBoolean());
        assertTrue(savedBody.at("/parameters/api_key").isNull());
        assertEquals("2024-05-01T12:01:00.123456Z", savedBody.get("updated_at").asText());
        assertTrue(savedBody.get("saved").asBoolean());
        assertEquals("abc", TestServer.json(server.get("/api/modules/demo/config")).at("/parameters/query").asText());

        HttpResponse<String> deleted = server.send("DELETE", "/api/modules/demo/config", null, null);
        assertEquals(200, deleted.statusCode());
        assertEquals(Set.of("message"), names(TestServer.json(deleted)));
        assertFalse(TestServer.json(server.get("/api/modules/demo/config")).get("saved").asBoolean());
    }

    @Test
    void configWithNothingSavedCarriesTheTimeOfTheAnswerNotNull() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        JsonNode defaults = TestServer.json(server.get("/api/modules/demo/config"));
        Instant after = Instant.now();

        assertTrue(defaults.get("updated_at").isTextual(), "a client doing new Date(updated_at) must not get 1970");
        Instant updatedAt = Instant.parse(defaults.get("updated_at").asText());
        assertFalse(updatedAt.isBefore(before) || updatedAt.isAfter(after), updatedAt + " is the time of the answer");
        assertFalse(defaults.get("saved").asBoolean());
    }

    @Test
    void launchAnswers202WithTheRunAndPassesTypedParameters() throws Exception {
        HttpResponse<String> response = server.postJson("/api/modules/demo/run",
                "{\"parameters\": {\"query\": \"abc\", \"max_results\": 10, \"ratio\": 2.5, \"verbose\": true, "
                        + "\"api_key\": null}, \"save_config\": false, \"client\": \"ignored\"}");

        assertEquals(202, response.statusCode());
        JsonNode run = TestServer.json(response);
        assertEquals(RUN_FIELDS, names(run));
        assertEquals("queued", run.get("status").asText());
        assertEquals("demo", run.get("module_id").asText());
        assertEquals("Demo Module", run.get("module_name").asText());
        LaunchRunCommand command = server.stub.launches.getFirst();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("query", "abc");
        expected.put("max_results", 10L);
        expected.put("ratio", 2.5);
        expected.put("verbose", true);
        expected.put("api_key", null);
        assertEquals(expected, command.parameters());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(command.parameters().keySet()), "order kept");
        assertFalse(command.saveConfig());
    }

    @Test
    void launchWithAnEmptyBodyUsesNoParametersAndSavesTheConfig() throws Exception {
        HttpResponse<String> response = server.send("POST", "/api/modules/demo/run", "application/json", null);

        assertEquals(202, response.statusCode());
        LaunchRunCommand command = server.stub.launches.getFirst();
        assertEquals(Map.of(), command.parameters());
        assertTrue(command.saveConfig());
    }

    @Test
    void runsAreListedWithFiltersAndPaging() throws Exception {
        JsonNode all = TestServer.json(server.get("/api/runs"));
        assertEquals(Set.of("runs", "total", "limit", "offset"), names(all));
        assertEquals(4, all.get("total").asInt());
        assertEquals(50, all.get("limit").asInt());
        assertEquals(0, all.get("offset").asInt());
        assertEquals(Fixtures.SILENT.value(), all.at("/runs/0/run_id").asText(), "newest first");
        all.get("runs").forEach(run -> assertEquals(RUN_FIELDS, names(run)));

        JsonNode filtered = TestServer.json(server.get("/api/runs?module_id=demo&status=completed&limit=1&offset=0"));
        assertEquals(new RunFilter(Fixtures.DEMO, RunStatus.COMPLETED), server.stub.runFilters.getLast());
        assertEquals(1, filtered.get("total").asInt());
        assertEquals(1, filtered.get("limit").asInt());
        assertEquals(Fixtures.COMPLETED.value(), filtered.at("/runs/0/run_id").asText());

        JsonNode emptyFilters = TestServer.json(server.get("/api/runs?module_id=&status=&limit=2&offset=1"));
        assertEquals(RunFilter.ALL, server.stub.runFilters.getLast());
        assertEquals(2, emptyFilters.get("runs").size());
        assertEquals(1, emptyFilters.get("offset").asInt());
    }

    @Test
    void aQueuedRunSendsItsMissingFieldsAsNull() throws Exception {
        JsonNode run = TestServer.json(server.get("/api/runs/" + Fixtures.QUEUED));

        assertEquals(RUN_FIELDS, names(run));
        for (String field : List.of("started_at", "completed_at", "duration_seconds", "progress_percent",
                "items_processed", "items_total", "exit_code", "error_message", "waiting_for")) {
            assertTrue(run.get(field).isNull(), field + " is null, not left out");
        }
        assertEquals("2024-05-01T12:00:00.123456Z", run.get("created_at").asText());
        assertTrue(run.get("parameters").isObject());
    }

    @Test
    void aRunningRunHasALiveDurationAndProgress() throws Exception {
        JsonNode run = TestServer.json(server.get("/api/runs/" + Fixtures.RUNNING));

        assertEquals("running", run.get("status").asText());
        assertTrue(run.get("duration_seconds").asDouble() >= 10.0, run.toString());
        assertTrue(TIMESTAMP.matcher(run.get("started_at").asText()).matches(), run.toString());
        assertEquals(45.0, run.get("progress_percent").asDouble());
        assertEquals(9, run.get("items_processed").asInt());
        assertEquals(20, run.get("items_total").asInt());
        assertEquals("********", run.at("/parameters/api_key").asText());
        assertEquals(10, run.at("/parameters/max_results").asInt());
    }

    @Test
    void aFinishedRunHasItsExitCodeAndFixedDuration() throws Exception {
        JsonNode completed = TestServer.json(server.get("/api/runs/" + Fixtures.COMPLETED));
        assertEquals("completed", completed.get("status").asText());
        assertEquals(0, completed.get("exit_code").asInt());
        assertEquals(2.0, completed.get("duration_seconds").asDouble());
        assertEquals("2024-05-01T12:00:05.123456Z", completed.get("completed_at").asText());

        JsonNode failed = TestServer.json(server.get("/api/runs/" + Fixtures.SILENT));
        assertEquals("failed", failed.get("status").asText());
        assertEquals(3, failed.get("exit_code").asInt());
        assertEquals("exit code 3", failed.get("error_message").asText());
    }

    @Test
    void deletingAnActiveRunCancelsItAndAnswersTheRun() throws Exception {
        HttpResponse<String> response = server.send("DELETE", "/api/runs/" + Fixtures.RUNNING, null, null);

        assertEquals(200, response.statusCode());
        JsonNode run = TestServer.json(response);
        assertEquals("cancelled", run.get("status").asText());
        assertTrue(TIMESTAMP.matcher(run.get("completed_at").asText()).matches());
    }

    @Test
    void logsWithoutAfterAreTheLastTailLines() throws Exception {
        JsonNode logs = TestServer.json(server.get("/api/runs/" + Fixtures.RUNNING + "/logs?tail=5"));

        assertEquals(Set.of("run_id", "logs", "total_lines", "truncated"), names(logs));
        assertEquals(Fixtures.RUNNING.value(), logs.get("run_id").asText());
        assertEquals(30, logs.get("total_lines").asInt());
        assertTrue(logs.get("truncated").asBoolean());
        assertEquals(List.of(26L, 27L, 28L, 29L, 30L), seqs(logs.get("logs")));
        JsonNode line = logs.at("/logs/0");
        assertEquals(Set.of("seq", "timestamp", "level", "stream", "message"), names(line));
        assertEquals("2024-05-01T12:00:00.149456Z", line.get("timestamp").asText());
        assertEquals("WARNING", line.get("level").asText());
        assertEquals("stdout", line.get("stream").asText());
        assertEquals("line 26", line.get("message").asText());
        assertEquals(new LogQuery(0, null, null, 5, true), server.stub.logQueries.getLast());
    }

    @Test
    void logsWithAfterAreAPageForward() throws Exception {
        JsonNode logs = TestServer.json(server.get("/api/runs/" + Fixtures.RUNNING + "/logs?after=10&tail=3"));

        assertEquals(List.of(11L, 12L, 13L), seqs(logs.get("logs")));
        assertTrue(logs.get("truncated").asBoolean());
        assertEquals(new LogQuery(10, null, null, 3, false), server.stub.logQueries.getLast());
    }

    @Test
    void logsAroundASeqAreAWindowWithTheContextOnBothSides() throws Exception {
        JsonNode logs = TestServer.json(server.get("/api/runs/" + Fixtures.RUNNING + "/logs?around=12&context=2"));

        assertEquals(Set.of("run_id", "logs", "total_lines", "truncated"), names(logs));
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), seqs(logs.get("logs")));
        assertEquals(30, logs.get("total_lines").asInt());
        assertTrue(logs.get("truncated").asBoolean());
        assertEquals("around 12 2", server.stub.windowReads.getLast());
        TestServer.json(server.get("/api/runs/" + Fixtures.RUNNING + "/logs?around=7"));
        assertEquals("around 7 50", server.stub.windowReads.getLast());
    }

    @Test
    void logsBeforeASeqAreAPageBackward() throws Exception {
        JsonNode logs = TestServer.json(server.get("/api/runs/" + Fixtures.RUNNING + "/logs?before=10&tail=3"));

        assertEquals(List.of(7L, 8L, 9L), seqs(logs.get("logs")));
        assertTrue(logs.get("truncated").asBoolean());
        assertEquals("before 10 3", server.stub.windowReads.getLast());
    }

    @Test
    void logsDefaultToFiveHundredLinesAndFilterBySinceAndLevel() throws Exception {
        JsonNode logs = TestServer.json(server.get("/api/runs/" + Fixtures.RUNNING + "/logs"));
        assertEquals(30, logs.get("logs").size());
        assertFalse(logs.get("truncated").asBoolean());
        assertEquals(new LogQuery(0, null, null, 500, true), server.stub.logQueries.getLast());

        JsonNode filtered = TestServer.json(server.get("/api/runs/" + Fixtures.RUNNING
                + "/logs?level=warn&since=2024-05-01T12:00:00.133Z"));
        assertEquals(new LogQuery(0, Instant.parse("2024-05-01T12:00:00.133Z"), LogLevel.WARNING, 500, true),
                server.stub.logQueries.getLast());
        filtered.get("logs").forEach(line -> assertEquals("WARNING", line.get("level").asText()));

        server.get("/api/runs/" + Fixtures.RUNNING + "/logs?since=2024-05-01T14:00:00%2B02:00&level=Error");
        assertEquals(new LogQuery(0, Instant.parse("2024-05-01T12:00:00Z"), LogLevel.ERROR, 500, true),
                server.stub.logQueries.getLast());
        server.get("/api/runs/" + Fixtures.RUNNING + "/logs?since=2024-05-01T12:00:00");
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), server.stub.logQueries.getLast().since(),
                "a time without a zone is UTC");
    }

    @Test
    void downloadStreamsEveryLineAsATextAttachmentPageByPage() throws Exception {
        List<LogEntry> lines = new ArrayList<>(Fixtures.lines(2500));
        lines.set(4, Fixtures.line(5, "tab\there ünïcödé"));
        // Two lines of one read of the output share its time; a lone surrogate is written as a writer would.
        Instant oneRead = Instant.parse("2024-05-01T12:00:00.130000Z");
        lines.set(6, new LogEntry(7, oneRead, LogLevel.ERROR, LogStream.STDERR, "same read \uD83D\uDE00"));
        lines.set(7, new LogEntry(8, oneRead, LogLevel.INFO, LogStream.STDOUT, "same read \uD800 alone"));
        String longLine = "é".repeat(100_000);
        lines.set(9, Fixtures.line(10, longLine));
        server.stub.logs.put(Fixtures.COMPLETED, lines);

        HttpResponse<String> response = server.get("/api/runs/" + Fixtures.COMPLETED + "/logs/download");

        assertEquals(200, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"" + Fixtures.COMPLETED + ".log\"",
                response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElseThrow());
        String[] written = response.body().split("\n", -1);
        assertEquals(2501, written.length, "one line each, and a final line break");
        assertEquals("", written[2500]);
        assertEquals("[2024-05-01T12:00:00.124456Z] [INFO] [stdout] line 1", written[0]);
        assertEquals("[2024-05-01T12:00:00.126456Z] [INFO] [stderr] line 3", written[2]);
        assertEquals("[2024-05-01T12:00:00.128456Z] [INFO] [stdout] tab\there ünïcödé", written[4]);
        assertEquals("[2024-05-01T12:00:00.130000Z] [ERROR] [stderr] same read \uD83D\uDE00", written[6]);
        assertEquals("[2024-05-01T12:00:00.130000Z] [INFO] [stdout] same read ? alone", written[7]);
        assertEquals("[2024-05-01T12:00:00.132456Z] [INFO] [stderr] line 9", written[8]);
        assertEquals("[2024-05-01T12:00:00.133456Z] [WARNING] [stdout] " + longLine, written[9]);
        assertEquals("[2024-05-01T12:00:02.623456Z] [WARNING] [stdout] line 2500", written[2499]);
        assertEquals(3, server.stub.pageCalls.get(), "pages of 1000");
    }

    @Test
    void downloadOfARunWithoutLinesIsAnEmptyFile() throws Exception {
        HttpResponse<String> response = server.get("/api/runs/" + Fixtures.SILENT + "/logs/download");

        assertEquals(200, response.statusCode());
        assertEquals("", response.body());
    }

    @Test
    void answersFromAnAllowedOriginCarryTheCorsHeaderAlsoOnErrors() throws Exception {
        HttpResponse<String> ok = server.get("/api/health", "Origin", "http://localhost:5173");
        assertEquals("http://localhost:5173", ok.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());

        HttpResponse<String> notFound = server.get("/api/runs/ghost", "Origin", "http://127.0.0.1:5173");
        assertEquals(404, notFound.statusCode());
        assertEquals("http://127.0.0.1:5173",
                notFound.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());

        HttpResponse<String> foreign = server.get("/api/health", "Origin", "http://evil.example");
        assertEquals(200, foreign.statusCode());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        Iterator<String> fields = object.fieldNames();
        fields.forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static List<Long> seqs(JsonNode lines) {
        List<Long> seqs = new ArrayList<>();
        lines.forEach(line -> seqs.add(line.get("seq").asLong()));
        return seqs;
    }
}
