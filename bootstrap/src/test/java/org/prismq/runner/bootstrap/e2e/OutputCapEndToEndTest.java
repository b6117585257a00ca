package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** A module printing past --max-run-output-mb: its stored log is the head, one marker and the last part. */
class OutputCapEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);
    /** 22 or 25 bytes a line ("INFO out line 0000001", "WARNING err line 0000002", line ends): over 5 MB. */
    private static final int LINES = 240_000;

    @TempDir
    Path folder;

    @Test
    void aRunPrintingFiveMegabytesUnderACapOfOneKeepsItsHeadAMarkerAndItsTail() throws Exception {
        try (TestService service = TestService.withTestModules(folder, "--max-run-output-mb", "1")) {
            Api api = service.api();
            String runId = api.launch("numbered", Map.of("count", LINES));

            JsonNode ended = Runs.awaitEnd(api, runId, RUN_TIMEOUT);
            assertEquals("completed", ended.get("status").asText(), ended.toString());

            JsonNode logs = api.get("/api/runs/" + runId + "/logs?tail=1").json();
            assertEquals(LINES, logs.get("total_lines").asLong(), "every line printed is counted");
            assertEquals(LINES, logs.get("logs").get(0).get("seq").asLong(), "the last line is kept");

            List<JsonNode> stored = Runs.allLines(api, runId);
            int markerAt = markerIndex(stored);
            JsonNode marker = stored.get(markerAt);
            long markerSeq = marker.get("seq").asLong();
            assertEquals("WARNING", marker.get("level").asText());
            for (int i = 0; i < markerAt; i++) {
                assertEquals(i + 1, stored.get(i).get("seq").asLong(), "the head has every line from the first");
            }
            for (int i = markerAt + 1; i < stored.size(); i++) {
                assertEquals(markerSeq + (i - markerAt), stored.get(i).get("seq").asLong(), "the tail is whole");
            }
            long headLines = markerAt;
            long tailLines = stored.size() - markerAt - 1L;
            long dropped = LINES - headLines - tailLines;
            assertEquals(headLines + dropped, markerSeq, "the marker has the seq of the last dropped line");
            long droppedBytes = 0;
            for (long seq = headLines + 1; seq <= markerSeq; seq++) {
                droppedBytes += seq % 2 == 1 ? 22 : 25;
            }
            assertEquals(String.format(Locale.ROOT, "[output cap: %,d lines (%,.1f MB) dropped here]",
                    dropped, droppedBytes / (1024.0 * 1024)), marker.get("message").asText());
            long keptBytes = stored.stream().filter(line -> line != marker)
                    .mapToLong(line -> line.get("message").asText().length() + 1L).sum();
            assertTrue(keptBytes <= 1024 * 1024 * 33 / 32 && keptBytes >= 1024 * 1024 - 64,
                    "about 1 MB is kept: " + keptBytes);

            Api.Response download = api.get("/api/runs/" + runId + "/logs/download");
            List<String> downloaded = download.body().lines().toList();
            assertEquals(stored.size(), downloaded.size());
            assertTrue(downloaded.get(markerAt).endsWith("[WARNING] [stderr] " + marker.get("message").asText()),
                    downloaded.get(markerAt));

            long insideDropped = headLines + dropped / 2;
            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream",
                    Map.of("Last-Event-ID", Long.toString(insideDropped)))) {
                SseEvent first = nextLine(stream);
                assertEquals(Long.toString(markerSeq), first.id(), "a reader inside the dropped range resumes at it");
                assertEquals(marker.get("message").asText(), first.json().get("message").asText());
                assertEquals(Long.toString(markerSeq + 1), nextLine(stream).id());
            }
        }
    }

    private static SseEvent nextLine(SseClient stream) throws IOException {
        SseEvent event = stream.next();
        while (event.event() != null) {
            event = stream.next();
        }
        return event;
    }

    private static int markerIndex(List<JsonNode> stored) {
        for (int i = 0; i < stored.size(); i++) {
            if (stored.get(i).get("message").asText().startsWith("[output cap: ")) {
                return i;
            }
        }
        throw new AssertionError("no marker among " + stored.size() + " stored lines");
    }
}
