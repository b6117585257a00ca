package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real module drawing a progress bar with carriage returns, through capture, storage and SSE: readers of line
 * events see exactly the stored lines, the bar once in its final state; frames come as named events, at a bounded
 * rate.
 */
class ProgressFramesEndToEndTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final int FRAMES = 400;
    private static final String FINAL_BAR = "bar 400/400 |" + "#".repeat(20) + "|";

    @TempDir
    Path folder;

    @Test
    void framesAreNamedEventsAtABoundedRateAndTheBarIsStoredOnceInItsFinalState() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String runId = api.launch("progress-bar", Map.of("frames", FRAMES, "interval", 0.01));

            List<SseEvent> events;
            long started = System.nanoTime();
            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                events = stream.readUntil(event -> "complete".equals(event.event()));
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            List<SseEvent> lines = events.stream().filter(event -> event.event() == null).toList();
            List<SseEvent> frames = events.stream().filter(event -> "frame".equals(event.event())).toList();
            List<JsonNode> stored = Runs.allLines(api, runId);
            assertEquals(List.of("INFO before the bar", FINAL_BAR, "INFO after the bar"),
                    stored.stream().map(line -> line.get("message").asText()).toList());
            assertEquals(3, api.get("/api/runs/" + runId + "/logs?tail=1").json().get("total_lines").asInt());
            assertEquals(stored, lines.stream().map(SseEvent::json).toList(),
                    "line events are exactly the stored lines");

            assertFalse(frames.isEmpty(), "frames of the bar reach the stream while it is drawn");
            assertTrue(frames.size() <= 10 * seconds + 2,
                    frames.size() + " frames in " + seconds + " s: at most ten a second");
            for (SseEvent frame : frames) {
                assertNull(frame.id(), "a frame must not move Last-Event-ID");
                JsonNode body = frame.json();
                assertEquals(2, body.get("seq").asInt(), "the seq the bar's line gets");
                assertEquals("stdout", body.get("stream").asText());
                assertTrue(body.get("message").asText().matches("bar \\d+/400 \\|#*\\|"), body.toString());
            }
            int firstFrame = events.indexOf(frames.getFirst());
            int barLine = events.indexOf(lines.get(1));
            assertTrue(firstFrame > events.indexOf(lines.getFirst()) && events.indexOf(frames.getLast()) < barLine,
                    "frames come between the line before the bar and the bar's line");
        }
    }
}
