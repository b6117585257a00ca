package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The whole path of output, from real module processes through SQLite to SSE and /logs. */
class CaptureEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path folder;

    private static boolean isComplete(SseEvent event) {
        return "complete".equals(event.event());
    }

    private static List<SseEvent> lineEvents(List<SseEvent> events) {
        return events.stream().filter(event -> event.event() == null).toList();
    }

    @Test
    void aDemoModuleStreamsEveryLineLiveWithSeqStreamAndLevelThenCompletes() throws Exception {
        try (TestService service = TestService.withDefaults(folder.resolve("data"))) {
            Api api = service.api();
            String runId = api.launch("hello-stream", Map.of("lines", 30, "interval", 0.01));

            List<SseEvent> events;
            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                assertEquals(200, stream.status());
                assertEquals("text/event-stream", stream.response().headers().firstValue("Content-Type")
                        .orElseThrow().split(";")[0]);
                events = stream.readUntil(CaptureEndToEndTest::isComplete);
            }

            List<SseEvent> lines = lineEvents(events);
            SseEvent complete = events.getLast();
            assertEquals("complete", complete.event());
            assertEquals(0, complete.json().get("exit_code").asInt());
            assertEquals("completed", complete.json().get("status").asText());
            assertEquals(String.valueOf(lines.size()), complete.id());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode entry = lines.get(i).json();
                assertEquals(i + 1, entry.get("seq").asInt());
                assertEquals(String.valueOf(i + 1), lines.get(i).id());
                String message = entry.get("message").asText();
                if (message.startsWith("note:")) {
                    assertEquals("stderr", entry.get("stream").asText(), message);
                    assertEquals("ERROR", entry.get("level").asText(), message);
                } else if (message.startsWith("WARNING")) {
                    assertEquals("WARNING", entry.get("level").asText());
                } else if (message.startsWith("DEBUG")) {
                    assertEquals("DEBUG", entry.get("level").asText());
                } else {
                    assertEquals("stdout", entry.get("stream").asText(), message);
                    assertEquals("INFO", entry.get("level").asText(), message);
                }
            }
            assertTrue(lines.size() >= 30 * 2 + 2, "lines: " + lines.size());

            List<JsonNode> stored = Runs.allLines(api, runId);
            assertEquals(lines.size(), stored.size());
            for (int i = 0; i < stored.size(); i++) {
                assertEquals(lines.get(i).json(), stored.get(i));
            }
            JsonNode run = api.get("/api/runs/" + runId).json();
            assertEquals("completed", run.get("status").asText());
            assertEquals(100.0, run.get("progress_percent").asDouble(), 1e-9);
        }
    }

    @Test
    void aFloodOf200000InterleavedLinesReachesStorageAndEveryReaderCompleteAndInOrder() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String runId = api.launch("numbered", Map.of("count", 200_000));

            List<SseEvent> fast;
            List<SseEvent> slow = new ArrayList<>();
            try (SseClient fastStream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of());
                 SseClient slowStream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                // The slow reader pauses while reading, as a busy browser tab would; the service must neither drop
                // its lines nor wait for it.
                SseEvent event;
                while ((event = slowStream.next()) != null) {
                    slow.add(event);
                    if (isComplete(event)) {
                        break;
                    }
                    if (slow.size() % 20_000 == 0) {
                        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                    }
                }
                fast = fastStream.readUntil(CaptureEndToEndTest::isComplete);
            }

            assertEveryNumberedLine(lineEvents(fast).stream().map(SseEvent::json).toList(), 200_000);
            assertEveryNumberedLine(lineEvents(slow).stream().map(SseEvent::json).toList(), 200_000);
            assertEveryNumberedLine(Runs.allLines(api, runId), 200_000);
            assertEquals("completed", Runs.awaitEnd(api, runId, RUN_TIMEOUT).get("status").asText());
        }
    }

    /** Seqs 1..count; each stream's own numbers ascending; every line's text intact. */
    private static void assertEveryNumberedLine(List<JsonNode> lines, int count) {
        assertEquals(count, lines.size());
        int lastOut = -1;
        int lastErr = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            assertEquals(i + 1, line.get("seq").asInt());
            String message = line.get("message").asText();
            int number = Integer.parseInt(message.substring(message.length() - 7));
            if (line.get("stream").asText().equals("stdout")) {
                assertEquals(String.format("INFO out line %07d", number), message);
                assertEquals(lastOut + 2, number, "stdout order");
                lastOut = number;
            } else {
                assertEquals(String.format("WARNING err line %07d", number), message);
                assertEquals(lastErr + 2, number, "stderr order");
                lastErr = number;
            }
        }
    }

    @Test
    void aReaderThatReconnectsWithLastEventIdGetsExactlyTheLinesAfterIt() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String runId = api.launch("numbered", Map.of("count", 5_000));
            String path = "/api/runs/" + runId + "/logs/stream";

            try (SseClient first = api.stream(path, Map.of())) {
                for (int i = 0; i < 1_234; i++) {
                    assertNotNull(first.next());
                }
            }
            List<SseEvent> resumed;
            try (SseClient second = api.stream(path, Map.of("Last-Event-ID", "1234"))) {
                resumed = second.readUntil(CaptureEndToEndTest::isComplete);
            }

            List<SseEvent> lines = lineEvents(resumed);
            assertEquals(5_000 - 1_234, lines.size());
            for (int i = 0; i < lines.size(); i++) {
                assertEquals(1_235 + i, lines.get(i).json().get("seq").asInt());
            }
            assertEquals("5000", resumed.getLast().id());
            try (SseClient atTheEnd = api.stream(path, Map.of("Last-Event-ID", "5000"))) {
                assertEquals(204, atTheEnd.status());
            }
            try (SseClient afterQuery = api.stream(path + "?after=4990", Map.of())) {
                assertEquals(10, lineEvents(afterQuery.readUntil(CaptureEndToEndTest::isComplete)).size());
            }
            try (SseClient tail = api.stream(path + "?tail=3", Map.of())) {
                List<SseEvent> tailLines = lineEvents(tail.readUntil(CaptureEndToEndTest::isComplete));
                assertEquals(List.of("4998", "4999", "5000"), tailLines.stream().map(SseEvent::id).toList());
            }
        }
    }

    @Test
    void awkwardOutputIsCapturedWholeAndTheLastLineBeforeExitIsKept() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String runId = api.launch("edge-output", Map.of());
            JsonNode run = Runs.awaitEnd(api, runId, RUN_TIMEOUT);

            assertEquals("failed", run.get("status").asText());
            assertEquals(3, run.get("exit_code").asInt());
            List<String> messages = Runs.allLines(api, runId).stream().map(l -> l.get("message").asText()).toList();
            assertEquals("invalid \uFFFD\uFFFD utf-8", messages.getFirst());
            List<String> pieces = messages.subList(1, 17);
            assertTrue(pieces.stream().allMatch(piece -> piece.equals("x".repeat(65_536))), "1 MB line in 64 KiB");
            assertEquals("progress 100%", messages.get(17), "a carriage-return progress bar is stored once");
            assertEquals("\u001b[31mERROR\u001b[0m in colour", messages.get(18));
            assertEquals("nul \u0000 and bell \u0007 inside", messages.get(19));
            assertEquals("last words without newline", messages.getLast());
            assertEquals(21, messages.size());
            JsonNode coloured = api.get("/api/runs/" + runId + "/logs?level=ERROR").json().get("logs").get(0);
            assertEquals(19, coloured.get("seq").asInt());

            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                List<SseEvent> events = stream.readUntil(CaptureEndToEndTest::isComplete);
                assertEquals("nul \u0000 and bell \u0007 inside", events.get(19).json().get("message").asText());
                assertEquals("last words without newline", events.get(20).json().get("message").asText());
            }
        }
    }

    @Test
    void aRunThatPrintsNothingStillSaysComplete() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String runId = api.launch("silent", Map.of());
            String path = "/api/runs/" + runId + "/logs/stream";

            try (SseClient stream = api.stream(path, Map.of())) {
                List<SseEvent> events = stream.readUntil(CaptureEndToEndTest::isComplete);
                SseEvent complete = events.getLast();
                assertEquals("complete", complete.event());
                assertEquals("0", complete.id());
                assertEquals(0, complete.json().get("exit_code").asInt());
                assertTrue(lineEvents(events).isEmpty());
            }
            try (SseClient again = api.stream(path, Map.of("Last-Event-ID", "0"))) {
                assertEquals(204, again.status());
            }
        }
    }

    @Test
    void everyLineIsStillServedAfterTheServiceRestartsOnTheSameDataDir() throws Exception {
        String runId;
        try (TestService service = TestService.withTestModules(folder)) {
            runId = service.api().launch("numbered", Map.of("count", 1_000));
            Runs.awaitEnd(service.api(), runId, RUN_TIMEOUT);
        }
        try (TestService restarted = TestService.withTestModules(folder)) {
            Api api = restarted.api();
            assertEveryNumberedLine(Runs.allLines(api, runId), 1_000);

            Api.Response download = api.get("/api/runs/" + runId + "/logs/download");
            assertEquals(200, download.status());
            assertTrue(download.raw().headers().firstValue("Content-Disposition").orElseThrow()
                    .contains(runId + ".log"));
            List<String> downloaded = download.body().lines().toList();
            assertEquals(1_000, downloaded.size());
            String stderrLine = downloaded.stream().filter(line -> line.endsWith("err line 0000002")).findFirst()
                    .orElseThrow();
            assertTrue(stderrLine.matches("\\[\\d{4}-\\d\\d-\\d\\dT[^]]+Z] \\[WARNING] \\[stderr] "
                    + "WARNING err line 0000002"), stderrLine);

            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                List<SseEvent> events = stream.readUntil(CaptureEndToEndTest::isComplete);
                assertEquals(1_000, lineEvents(events).size());
                assertEquals("1000", events.getLast().id());
            }
        }
    }
}
