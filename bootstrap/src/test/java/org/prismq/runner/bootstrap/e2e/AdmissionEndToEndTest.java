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

/** A host short of resources holds runs back, queued and saying why; it never refuses a launch. */
class AdmissionEndToEndTest {

    /** More free space than any test machine's data dir has: every run waits for the disk. */
    private static final String UNREACHABLE_DISK_MB = "2000000000";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path folder;

    @Test
    void onAHostShortOfDiskALaunchIsAdmittedQueuedAndWaitsSayingWhyWithItsStreamOpenUntilCancelled()
            throws Exception {
        try (TestService service = TestService.withTestModules(folder, "--min-free-disk-mb", UNREACHABLE_DISK_MB,
                "--keepalive", "1")) {
            Api api = service.api();

            Api.Response launched = api.post("/api/modules/graceful/run", Map.of("parameters", Map.of()));

            assertEquals(202, launched.status(), launched.body());
            JsonNode run = launched.json();
            assertEquals("queued", run.get("status").asText());
            String reason = run.get("waiting_for").asText();
            assertTrue(reason.startsWith("disk ") && reason.endsWith("MB free on the data dir, under "
                    + UNREACHABLE_DISK_MB + " MB"), reason);
            String runId = run.get("run_id").asText();
            assertEquals(reason, api.get("/api/runs/" + runId).json().get("waiting_for").asText());
            assertEquals(reason, api.get("/api/runs").json().get("runs").get(0).get("waiting_for").asText());

            try (SseClient stream = api.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
                assertEquals(200, stream.status(), "the stream of a queued run stays open");
                Api.Response cancelled = api.delete("/api/runs/" + runId);
                assertEquals(200, cancelled.status(), cancelled.body());
                assertEquals("cancelled", cancelled.json().get("status").asText());
                assertTrue(cancelled.json().get("waiting_for").isNull());

                List<SseEvent> events = stream.readUntil(event -> "complete".equals(event.event()));
                assertEquals("complete", events.getLast().event(), events.toString());
                assertTrue(events.getLast().data().contains("cancelled"), events.toString());
            }
        }
    }

    @Test
    void aRunThatDoesNotWaitShowsWaitingForAsNull() throws Exception {
        try (TestService service = TestService.withTestModules(folder)) {
            Api api = service.api();
            String runId = api.launch("silent", Map.of());

            JsonNode ended = Runs.awaitEnd(api, runId, RUN_TIMEOUT);

            assertTrue(ended.has("waiting_for") && ended.get("waiting_for").isNull(), ended.toString());
        }
    }
}
