package org.prismq.runner.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.postgres.TestPostgres;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two service nodes, each the packaged jar as its own process, sharing one PostgreSQL: one launch queue that both
 * claim from within their own limits, live following and cancels across nodes, and a node that dies having its
 * runs recorded failed by the other.
 */
class MultiNodeIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NODE_LOST = "the service node running it stopped answering while the run was active";

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @TempDir
    Path folder;

    @Test
    void twoNodesShareTheQueueFollowAndCancelEachOthersRunsAndTakeOverFromADeadNode() throws Exception {
        Path catalog = TestService.installTestModules(folder.resolve("modules"));
        try (JarProcess nodeA = start("a", catalog)) {
            Api apiA = new Api(nodeA.url());
            // Node A is alone, so it runs this; node B, started meanwhile, follows it live.
            Path followDir = Files.createDirectories(folder.resolve("follow"));
            String followed = apiA.launch("node-probe", Map.of("index", 0, "dir", followDir.toString(),
                    "lines", 2_000, "pause", 0.002));
            Runs.awaitLine(apiA, followed, "probe line 000001", WAIT);
            try (JarProcess nodeB = start("b", catalog)) {
                Api apiB = new Api(nodeB.url());
                long pidA = nodeA.handle().pid();
                long pidB = nodeB.handle().pid();

                aReaderOnBGetsEveryLineOfARunExecutingOnA(apiB, followed, pidA);
                runsLaunchedOnAAreSharedWithinEachNodesLimitAndNoneRunsTwice(apiA, pidA, pidB);
                aCancelSentToOneNodeStopsTheRunOnTheOther(apiA, apiB, pidA, pidB);
                aNodeThatDiesHasItsRunRecordedFailedByTheOther(nodeA, nodeB, apiA, pidA, pidB);
            }
        }
    }

    private void aReaderOnBGetsEveryLineOfARunExecutingOnA(Api apiB, String runId, long pidA) throws Exception {
        List<SseEvent> events;
        try (SseClient stream = apiB.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
            assertEquals(200, stream.status());
            events = stream.readUntil(event -> "complete".equals(event.event()));
        }
        List<JsonNode> lines = events.stream().filter(event -> event.event() == null).map(SseEvent::json).toList();
        assertEquals("node " + pidA, lines.getFirst().get("message").asText(), "node A ran it");
        assertEquals(2_001, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).get("seq").asInt(), "seq of line " + i);
            if (i > 0) {
                assertEquals("probe line %06d".formatted(i), lines.get(i).get("message").asText());
            }
        }
        JsonNode end = events.getLast().json();
        assertEquals("completed", end.get("status").asText());
        assertEquals("2001", events.getLast().id());
    }

    private void runsLaunchedOnAAreSharedWithinEachNodesLimitAndNoneRunsTwice(Api apiA, long pidA, long pidB)
            throws IOException {
        Path dir = Files.createDirectories(folder.resolve("shared"));
        List<String> runIds = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            runIds.add(apiA.launch("node-probe", Map.of("index", i, "dir", dir.toString(), "pause", 0.4)));
        }
        for (String runId : runIds) {
            JsonNode run = Runs.awaitEnd(apiA, runId, WAIT);
            assertEquals("completed", run.get("status").asText(), run.toString());
        }
        List<String[]> starts = Files.readAllLines(dir.resolve("starts.log")).stream().map(l -> l.split(" "))
                .toList();
        Map<Integer, Long> timesStarted = starts.stream()
                .collect(Collectors.groupingBy(s -> Integer.parseInt(s[0]), TreeMap::new, Collectors.counting()));
        assertEquals(20, timesStarted.size(), "every run started: " + timesStarted);
        assertTrue(timesStarted.values().stream().allMatch(n -> n == 1), "none started twice: " + timesStarted);
        Map<Long, Integer> mostAliveByNode = new HashMap<>();
        for (String[] start : starts) {
            mostAliveByNode.merge(Long.parseLong(start[1]), Integer.parseInt(start[2]), Math::max);
        }
        assertEquals(Set.of(pidA, pidB), mostAliveByNode.keySet(), "both nodes ran some: " + mostAliveByNode);
        assertTrue(mostAliveByNode.values().stream().allMatch(n -> n <= 2), "at most 2 at once per node: "
                + mostAliveByNode);
    }

    private void aCancelSentToOneNodeStopsTheRunOnTheOther(Api apiA, Api apiB, long pidA, long pidB) throws Exception {
        Path dir = Files.createDirectories(folder.resolve("cancel"));
        String runId = apiA.launch("node-probe", Map.of("index", 0, "dir", dir.toString(), "pause", 60));
        long node = nodeOf(Runs.awaitLine(apiA, runId, "node ", WAIT));
        Api other = node == pidA ? apiB : apiA;
        long probe = probePid(dir);

        Api.Response cancelled = other.delete("/api/runs/" + runId);

        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("cancelled", cancelled.json().get("status").asText(), cancelled.body());
        assertFalse(ProcessHandle.of(probe).map(ProcessHandle::isAlive).orElse(false), "the module is gone");
        assertTrue(node == pidA || node == pidB);
    }

    private void aNodeThatDiesHasItsRunRecordedFailedByTheOther(JarProcess nodeA, JarProcess nodeB, Api apiA,
            long pidA, long pidB) throws Exception {
        Path dir = Files.createDirectories(folder.resolve("crash"));
        String runId = apiA.launch("node-probe", Map.of("index", 0, "dir", dir.toString(), "lines", 100_000,
                "pause", 0.01));
        List<JsonNode> before = Runs.awaitLine(apiA, runId, "probe line 000010", WAIT);
        long node = nodeOf(before);
        JarProcess dying = node == pidA ? nodeA : nodeB;
        Api survivor = new Api(node == pidA ? nodeB.url() : nodeA.url());

        dying.crash();

        JsonNode run = Runs.awaitEnd(survivor, runId, WAIT);
        assertEquals("failed", run.get("status").asText(), run.toString());
        assertEquals(NODE_LOST, run.get("error_message").asText());
        List<JsonNode> kept = Runs.allLines(survivor, runId);
        assertTrue(kept.size() >= before.size(), "lines kept: " + kept.size() + " of at least " + before.size());
        try (SseClient stream = survivor.stream("/api/runs/" + runId + "/logs/stream", Map.of())) {
            List<SseEvent> replayed = stream.readUntil(event -> "complete".equals(event.event()));
            assertEquals(kept.size() + 1, replayed.size(), "every kept line, then the end");
            assertEquals("failed", replayed.getLast().json().get("status").asText());
        }
    }

    private JarProcess start(String name, Path catalog) throws IOException {
        List<String> options = new ArrayList<>(List.of("--port", "0", "--data-dir",
                folder.resolve("data-" + name).toString(), "--modules", catalog.toString(), "--max-concurrent", "2",
                "--node-id", "node-" + name, "--node-timeout", "5", "--grace-period", "1",
                "--max-cpu-percent", "100", "--database", POSTGRES.url()));
        if (POSTGRES.user() != null) {
            options.addAll(List.of("--database-user", POSTGRES.user()));
        }
        if (POSTGRES.password() != null) {
            options.addAll(List.of("--database-password", POSTGRES.password()));
        }
        return JarProcess.start(folder.resolve("node-" + name + ".log"), options.toArray(String[]::new));
    }

    /** The pid of the node that ran the probe, from its first line. */
    private static long nodeOf(List<JsonNode> lines) {
        return Long.parseLong(lines.getFirst().get("message").asText().substring("node ".length()));
    }

    /** The pid of the one probe running in {@code dir}, from its marker file. */
    private static long probePid(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            String marker = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("running-"))
                    .findFirst().orElseThrow();
            return Long.parseLong(marker.substring(marker.lastIndexOf('-') + 1));
        }
    }
}
