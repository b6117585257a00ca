package org.prismq.runner.adapters.persistence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.application.port.out.NodeId;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/** Heartbeats, dead nodes, cancel requests and the news between nodes, on a real PostgreSQL. */
class PostgresClusterTest {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final NodeId NODE_A = new NodeId("node-a");
    private static final NodeId NODE_B = new NodeId("node-b");
    private static final Duration LONG = Duration.ofHours(1);

    private final AtomicInteger ids = new AtomicInteger();
    private PostgresDatabase database;
    private JdbcRuns runs;
    private PostgresLaunchQueue queue;
    private PostgresCluster cluster;

    @BeforeEach
    void open() {
        database = POSTGRES.open();
        runs = new JdbcRuns(database);
        queue = new PostgresLaunchQueue(database, runs);
        cluster = new PostgresCluster(database);
    }

    @AfterEach
    void close() {
        cluster.close();
        database.close();
    }

    @Test
    void aNodeThatStopsBeatingIsTakenOutAndItsActiveRunsAreReturnedOnce() {
        cluster.heartbeat(NODE_A);
        cluster.heartbeat(NODE_B);
        Run onA = claimedBy(NODE_A);
        Run endedOnA = claimedBy(NODE_A);
        runs.update(endedOnA.start(NOW).exited(0, null, NOW.plusSeconds(1)));
        Run onB = claimedBy(NODE_B);
        Run waiting = queued();

        assertEquals(List.of(), cluster.reap(LONG), "nobody is late yet");
        cluster.heartbeat(NODE_B);
        // A zero timeout takes out every node that has not beaten in this very transaction: both.
        List<RunId> orphans = cluster.reap(Duration.ZERO);

        assertEquals(List.of(onA.id(), onB.id()), orphans, "the active runs of the dead nodes, not the queued one "
                + waiting.id());
        cluster.heartbeat(NODE_B);
        runs.update(runs.find(onA.id()).orElseThrow().fail("gone", null, NOW));
        runs.update(runs.find(onB.id()).orElseThrow().fail("gone", null, NOW));
        assertEquals(List.of(), cluster.reap(LONG), "recorded ends are not returned again");
    }

    @Test
    void aNodeLearnsFromItsHeartbeatWhetherItWasInTheClusterAndWhichRunsItHolds() {
        assertFalse(cluster.heartbeat(NODE_A), "its first beat");
        assertTrue(cluster.heartbeat(NODE_A));
        Run onA = claimedBy(NODE_A);
        claimedBy(NODE_B);

        assertEquals(List.of(onA.id()), cluster.heldBy(NODE_A));
        assertEquals(List.of(onA.id()), cluster.reap(Duration.ZERO).stream().filter(onA.id()::equals).toList());
        assertFalse(cluster.heartbeat(NODE_A), "taken out as dead meanwhile");
    }

    @Test
    void anActiveRunThatNoNodeHoldsAndNoQueueKeepsIsAnOrphan() {
        cluster.heartbeat(NODE_A);
        Run left = run();
        runs.add(left);
        Run waiting = queued();

        assertEquals(List.of(left.id()), cluster.reap(LONG), "not " + waiting.id());
    }

    @Test
    void aCancelRequestReachesTheNodeThatHoldsTheRunWhileItIsActive() {
        cluster.heartbeat(NODE_A);
        Run onA = claimedBy(NODE_A);
        Run alsoOnA = claimedBy(NODE_A);

        cluster.requestCancel(onA.id());

        assertEquals(List.of(onA.id()), cluster.cancelRequests(NODE_A));
        assertEquals(List.of(), cluster.cancelRequests(NODE_B));
        runs.update(runs.find(onA.id()).orElseThrow().cancel(null, NOW));
        assertEquals(List.of(), cluster.cancelRequests(NODE_A), "an ended run asks nothing more; nor does "
                + alsoOnA.id());
    }

    @Test
    void aNodeThatLeavesHoldsNothingAnyMore() {
        cluster.heartbeat(NODE_A);
        Run onA = claimedBy(NODE_A);

        cluster.leave(NODE_A);

        assertEquals(List.of(onA.id()), cluster.reap(LONG));
    }

    @Test
    void everyNodeHearsOfQueuedRunsChangedRunsStoredLinesAndCancelRequests() throws Exception {
        RecordingListener news = new RecordingListener();
        cluster.listen(news);
        assertEquals("resync", news.next(), "told to look at everything once it listens");
        cluster.heartbeat(NODE_A);

        Run run = queued();
        assertEquals("queue", news.next());
        Run claimed = queue.claim(NODE_A).orElseThrow().run();
        assertEquals("run " + run.id(), news.next(), "the claim changed the run's record");
        runs.update(claimed.start(NOW));
        assertEquals("run " + run.id(), news.next());
        new BlockLogStore(database).append(run.id(), List.of(line(1), line(2), line(3)));
        assertEquals("lines " + run.id() + " 3", news.next(), "one message per batch");
        cluster.requestCancel(run.id());
        assertEquals("cancel " + run.id(), news.next());
    }

    @Test
    void newsOfAnotherSchemaOfTheDatabaseAndMalformedNewsAreIgnored() throws Exception {
        RecordingListener news = new RecordingListener();
        RunId id = run().id();

        PostgresCluster.deliver("mine", "theirs q", news);
        PostgresCluster.deliver("mine", "mine l " + id + " 7", news);
        PostgresCluster.deliver("mine", "mine l " + id + " not-a-number", news);
        PostgresCluster.deliver("mine", "mine r", news);
        PostgresCluster.deliver("mine", "mine x " + id, news);

        assertEquals("lines " + id + " 7", news.next());
        assertNull(news.events.poll(), "nothing else: delivery is synchronous");
    }

    private Run claimedBy(NodeId node) {
        Run run = queued();
        Run claimed = queue.claim(node).orElseThrow().run();
        assertEquals(run.id(), claimed.id());
        return claimed;
    }

    private Run queued() {
        Run run = run();
        assertTrue(queue.enqueue(run, Map.of("count", 3), 100));
        return run;
    }

    private Run run() {
        ModuleId module = new ModuleId("demo");
        return Run.queued(RunId.create(module, NOW, ids.incrementAndGet()), module, "Demo", Map.of("count", 3),
                NOW.truncatedTo(ChronoUnit.MICROS));
    }

    private static LogEntry line(long seq) {
        return LogEntry.classified(seq, NOW, LogStream.STDOUT, "line " + seq);
    }

    /** Writes down what it hears, for the test thread to take in order. */
    private static final class RecordingListener implements Cluster.Listener {

        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        String next() throws InterruptedException {
            String event = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(event, "news within 10 s");
            return event;
        }

        @Override
        public void queueChanged() {
            events.add("queue");
        }

        @Override
        public void runChanged(RunId run) {
            events.add("run " + run);
        }

        @Override
        public void linesStored(RunId run, long lastSeq) {
            events.add("lines " + run + " " + lastSeq);
        }

        @Override
        public void cancelRequested(RunId run) {
            events.add("cancel " + run);
        }

        @Override
        public void resync() {
            events.add("resync");
        }
    }
}
