package org.prismq.runner.bootstrap.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;

/** Waiting for runs and reading their logs through the API. */
final class Runs {

    private Runs() {
    }

    /** Polls the run until it has ended; returns its JSON. */
    static JsonNode awaitEnd(Api api, String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode run = api.get("/api/runs/" + runId).json();
            String status = run.get("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " still " + status + " after " + timeout);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Polls the run's stored lines until one contains {@code text}; returns all lines read. */
    static List<JsonNode> awaitLine(Api api, String runId, String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> lines = allLines(api, runId);
            if (lines.stream().anyMatch(line -> line.get("message").asText().contains(text))) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " printed no line with '" + text + "' within " + timeout
                        + "; lines: " + lines);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Every stored line of the run, paged forward with {@code after}. */
    static List<JsonNode> allLines(Api api, String runId) {
        List<JsonNode> lines = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.get("/api/runs/" + runId + "/logs?after=" + after + "&tail=10000").json();
            page.get("logs").forEach(lines::add);
            if (page.get("logs").isEmpty() || !page.get("truncated").asBoolean()) {
                return lines;
            }
            after = lines.getLast().get("seq").asLong();
        }
    }
}
