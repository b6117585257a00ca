package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The packaged jar as its own process: start-up line, crash recovery, graceful shutdown. */
class ServiceProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    private String[] options() {
        Path catalog = TestService.installTestModules(folder.resolve("modules"));
        return new String[] {"--port", "0", "--data-dir", folder.resolve("data").toString(), "--modules",
            catalog.toString(), "--grace-period", "2", "--max-cpu-percent", "100"};
    }

    @Test
    void aRunInterruptedByACrashIsRecordedFailedOnRestartAndKeepsItsLines() throws Exception {
        String[] options = options();
        String runId;
        int seen;
        try (JarProcess service = JarProcess.start(folder.resolve("first.log"), options)) {
            Api api = new Api(service.url());
            runId = api.launch("numbered", Map.of("count", 100_000, "pause", 0.01));
            seen = Runs.awaitLine(api, runId, "out line 0000011", WAIT).size();
            service.crash();
        }
        try (JarProcess restarted = JarProcess.start(folder.resolve("second.log"), options)) {
            Api api = new Api(restarted.url());
            JsonNode run = api.get("/api/runs/" + runId).json();

            assertEquals("failed", run.get("status").asText());
            assertEquals("the service stopped while the run was active", run.get("error_message").asText());
            List<JsonNode> lines = Runs.allLines(api, runId);
            assertTrue(lines.size() >= seen, "lines kept: " + lines.size() + " of at least " + seen);
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(i + 1, lines.get(i).get("seq").asInt());
            }
        }
    }

    @Test
    void sigtermStopsRunningModulesRecordsThemAndExitsCleanly() throws Exception {
        String[] options = options();
        String runId;
        try (JarProcess service = JarProcess.start(folder.resolve("first.log"), options)) {
            Api api = new Api(service.url());
            runId = api.launch("graceful", Map.of());
            Runs.awaitLine(api, runId, "ready", WAIT);

            assertEquals(0, service.terminate(Duration.ofSeconds(2 + 10)));
        }
        try (JarProcess restarted = JarProcess.start(folder.resolve("second.log"), options)) {
            Api api = new Api(restarted.url());
            JsonNode run = api.get("/api/runs/" + runId).json();

            assertEquals("cancelled", run.get("status").asText());
            assertEquals("the service shut down while the run was active", run.get("error_message").asText());
            List<String> messages = Runs.allLines(api, runId).stream().map(l -> l.get("message").asText()).toList();
            assertEquals(List.of("ready", "goodbye"), messages);
        }
    }
}
