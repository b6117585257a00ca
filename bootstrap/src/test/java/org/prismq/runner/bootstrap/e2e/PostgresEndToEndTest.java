package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.postgres.TestPostgres;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The service on PostgreSQL, chosen by {@code --database} alone: real module processes, their lines streamed
 * live and served by /logs, and all of it still there after a restart on the same database.
 */
class PostgresEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @TempDir
    Path folder;

    @Test
    void linesStoredInPostgresqlAreStreamedServedAndStillThereAfterARestart() throws Exception {
        String numbered;
        String awkward;
        List<JsonNode> streamed;
        List<String> awkwardLines;
        try (TestService service = TestService.withTestModules(folder, databaseOptions())) {
            Api api = service.api();
            numbered = api.launch("numbered", Map.of("count", 3_000));
            awkward = api.launch("edge-output", Map.of());

            List<SseEvent> events = streamToTheEnd(api, numbered);
            streamed = lines(events);
            assertEquals(3_000, streamed.size());
            assertEquals("completed", events.getLast().json().get("status").asText());
            assertEquals(streamed, Runs.allLines(api, numbered));
            assertEquals("failed", Runs.awaitEnd(api, awkward, RUN_TIMEOUT).get("status").asText());
            awkwardLines = messages(Runs.allLines(api, awkward));
            assertTrue(awkwardLines.contains("nul \u0000 and bell \u0007 inside"), awkwardLines.toString());
        }
        assertTrue(Files.notExists(folder.resolve("data").resolve("prismq.db")), "nothing was stored in SQLite");

        try (TestService restarted = TestService.withTestModules(folder, databaseOptions())) {
            Api api = restarted.api();
            JsonNode run = api.get("/api/runs/" + numbered).json();
            assertEquals("completed", run.get("status").asText());
            assertEquals(streamed, Runs.allLines(api, numbered));
            List<SseEvent> replayed = streamToTheEnd(api, numbered);
            assertEquals(streamed, lines(replayed));
            assertEquals("complete", replayed.getLast().event());
            assertEquals(awkwardLines, messages(Runs.allLines(api, awkward)));
            JsonNode listed = api.get("/api/runs?limit=10").json();
            assertEquals(2, listed.get("total").asInt(), listed.toString());
        }
    }

    /** {@code --database} and the credentials of the test's own schema. */
    private static String[] databaseOptions() {
        List<String> options = new ArrayList<>(List.of("--database", POSTGRES.url()));
        if (POSTGRES.user() != null) {
            options.addAll(List.of("--database-user", POSTGRES.user()));
        }
        if (POSTGRES.password() != null) {
            options.addAll(List.of("--database-password", POSTGRES.password()));
        }
        return options.toArray(String[]::new);
    }

    private static List<SseEvent> streamToTheEnd(Api api, String runId) throws IOException, InterruptedException {
        try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
            assertEquals(200, stream.status());
            return stream.readUntil(event -> "complete".equals(event.event()));
        }
    }

    private static List<JsonNode> lines(List<SseEvent> events) {
        return events.stream().filter(event -> event.event() == null).map(SseEvent::json).toList();
    }

    private static List<String> messages(List<JsonNode> lines) {
        return lines.stream().map(line -> line.get("message").asText()).toList();
    }
}
