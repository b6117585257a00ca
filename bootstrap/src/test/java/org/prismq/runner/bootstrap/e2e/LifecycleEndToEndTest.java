package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Queue, cancel, timeout and launch failures with real processes. */
class LifecycleEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private static String describe(long pid) {
        return ProcessHandle.of(pid).map(handle -> pid + " " + handle.info()).orElse(pid + " (gone)");
    }

    private static long pidAfter(List<JsonNode> lines, String prefix) {
        return lines.stream().map(line -> line.get("message").asText()).filter(m -> m.startsWith(prefix))
                .map(m -> Long.parseLong(m.substring(prefix.length()).strip())).findFirst().orElseThrow();
    }

    @Test
    void neverMoreThanTheLimitRunAtOnceAndTheRestStartInLaunchOrder() throws Exception {
        Path shared = Files.createDirectories(folder.resolve("shared"));
        try (TestService service = TestService.withTestModules(folder, "--max-concurrent", "3")) {
            Api api = service.api();
            List<String> runIds = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                runIds.add(api.launch("concurrency", Map.of("index", i, "dir", shared.toString())));
            }

            List<Instant> starts = new ArrayList<>();
            for (String runId : runIds) {
                JsonNode run = Runs.awaitEnd(api, runId, RUN_TIMEOUT);
                assertEquals("completed", run.get("status").asText(), run.toString());
                starts.add(Instant.parse(run.get("started_at").asText()));
            }
            List<String> log = Files.readAllLines(shared.resolve("starts.log"));
            assertEquals(15, log.size());
            int mostAlive = log.stream().mapToInt(line -> Integer.parseInt(line.split(" ")[1])).max().orElseThrow();
            assertTrue(mostAlive <= 3, "at most 3 alive at once, saw " + mostAlive + ": " + log);
            for (int i = 1; i < starts.size(); i++) {
                assertTrue(!starts.get(i).isBefore(starts.get(i - 1)), "FIFO start order: " + starts);
            }
        }
    }

    @Test
    void cancelKillsTheWholeTreeEvenWhenItIgnoresSigtermAndHoldsTheOutputOpen() throws Exception {
        try (TestService service = TestService.withTestModules(folder, "--grace-period", "1")) {
            Api api = service.api();
            String runId = api.launch("stubborn-tree", Map.of());
            List<JsonNode> lines = Runs.awaitLine(api, runId, "grandchild", RUN_TIMEOUT);
            long parent = pidAfter(lines, "parent");
            long grandchild = pidAfter(lines, "grandchild");

            long start = System.nanoTime();
            Api.Response cancelled = api.delete("/api/runs/" + runId);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(200, cancelled.status(), cancelled.body());
            assertEquals("cancelled", cancelled.json().get("status").asText());
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "cancel took " + took);
            assertTrue(!LiveProcesses.alive(parent), "the module's process is gone: " + describe(parent));
            assertTrue(!LiveProcesses.alive(grandchild), "its grandchild is gone: " + describe(grandchild));
            assertEquals("cancelled", api.get("/api/runs/" + runId).json().get("status").asText());
            assertEquals(400, api.delete("/api/runs/" + runId).status());
        }
    }

    @Test
    void aModuleThatStopsCleanlyOnSigtermKeepsItsGoodbyeLine() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String runId = api.launch("graceful", Map.of());
            Runs.awaitLine(api, runId, "ready", RUN_TIMEOUT);

            JsonNode run = api.delete("/api/runs/" + runId).json();

            assertEquals("cancelled", run.get("status").asText());
            List<String> messages = Runs.allLines(api, runId).stream().map(l -> l.get("message").asText()).toList();
            assertEquals(List.of("ready", "goodbye"), messages);
        }
    }

    @Test
    void aRunPastItsTimeLimitFailsSayingSoAndLeavesNoProcess() throws Exception {
        try (TestService service = TestService.withTestModules(folder, "--grace-period", "1")) {
            Api api = service.api();
            String runId = api.launch("sleeper", Map.of());
            long child = pidAfter(Runs.awaitLine(api, runId, "child", RUN_TIMEOUT), "child");

            JsonNode run = Runs.awaitEnd(api, runId, RUN_TIMEOUT);

            assertEquals("failed", run.get("status").asText());
            assertTrue(run.get("error_message").asText().startsWith("timed out after 2 s"), run.toString());
            assertTrue(!LiveProcesses.alive(child), "the module's child is gone");
        }
    }

    @Test
    void aMissingScriptOrInterpreterEndsFailedWithAClearMessage() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();

            JsonNode noScript = Runs.awaitEnd(api, api.launch("missing-script", Map.of()), RUN_TIMEOUT);
            JsonNode noInterpreter = Runs.awaitEnd(api, api.launch("missing-interpreter", Map.of()), RUN_TIMEOUT);

            assertEquals("failed", noScript.get("status").asText());
            String scriptPath = folder.resolve("modules").resolve("no_such_script.py").toAbsolutePath().toString();
            assertEquals("script not found: " + scriptPath, noScript.get("error_message").asText());
            assertEquals("failed", noInterpreter.get("status").asText());
            assertTrue(noInterpreter.get("error_message").asText().contains("prismq-no-such-interpreter"),
                    noInterpreter.toString());
        }
    }

    @Test
    void parameterValuesReachTheModuleLiterallyNeverThroughAShell() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String hostile = "; rm -rf ~ $(reboot) `id` | cat && echo \"quoted\" 'single'";
            String runId = api.launch("argv-echo", Map.of("text", hostile, "count", 2.0, "flag", true));

            Runs.awaitEnd(api, runId, RUN_TIMEOUT);

            String printed = Runs.allLines(api, runId).getFirst().get("message").asText();
            assertEquals(List.of("--text", hostile, "--count", "2", "--flag"),
                    Api.JSON.readValue(printed, List.class));
            Optional<JsonNode> parameters = Optional.ofNullable(api.get("/api/runs/" + runId).json().get("parameters"));
            assertEquals(hostile, parameters.orElseThrow().get("text").asText());
        }
    }
    @Test
    void valuesThatLookLikeOptionsReachTheModuleJoinedToTheirNames() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String runId = api.launch("argv-echo", Map.of("text", "--count=999", "count", -5));

            Runs.awaitEnd(api, runId, RUN_TIMEOUT);

            String printed = Runs.allLines(api, runId).getFirst().get("message").asText();
            assertEquals(List.of("--text=--count=999", "--count=-5"), Api.JSON.readValue(printed, List.class));
        }
    }

    @Test
    void aValueNoArgumentCanCarryIsA400NamingItsParameterAndNoRunIsCreated() {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            for (String value : List.of("a\0b", "x".repeat(32_001))) {
                Api.Response refused = api.post("/api/modules/argv-echo/run",
                        Map.of("parameters", Map.of("text", value)));

                assertEquals(400, refused.status(), refused.body());
                assertEquals("invalid_parameters", refused.json().get("error_code").asText());
                assertEquals("text", refused.json().at("/errors/0/parameter").asText(), refused.body());
            }
            assertEquals(0, api.get("/api/runs?module_id=argv-echo").json().get("total").asInt());
        }
    }
}
