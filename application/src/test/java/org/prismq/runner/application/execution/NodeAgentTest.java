package org.prismq.runner.application.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.InMemoryCluster;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.StaticCatalog;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.application.port.out.NodeId;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The node's periodic work and its hearing of the other nodes, on a database shared with other nodes: news moves
 * the node at once, and each round makes up for news that was lost or work that failed.
 */
class NodeAgentTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** So long that no round comes during a test: only news moves the node. */
    private static final Duration NO_TICK = Duration.ofHours(1);
    private static final Duration SHORT_TICK = Duration.ofMillis(20);
    private static final Duration NODE_TIMEOUT = Duration.ofHours(3);
    private static final ModuleDefinition DEMO = TestModules.module("demo");
    private static final NodeId NODE = new NodeId("node-a");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemoryRuns runs = new InMemoryRuns();
    private final InMemoryLogStore logs = new InMemoryLogStore(runs);
    private final InMemoryCluster cluster = new InMemoryCluster(runs, clock);
    private final ScriptedProcessLauncher launcher = new ScriptedProcessLauncher();
    private final List<RunEngine> engines = new ArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger();

    @AfterEach
    void closeEngines() {
        engines.forEach(RunEngine::close);
    }

    private RunEngine engine(Cluster asCluster, Duration tick) {
        RunnerSettings settings = new RunnerSettings(2, 10, Duration.ofHours(1), Duration.ofSeconds(5), 1000,
                8L << 20, 256, 95);
        RunEngine engine = RunEngine.builder(runs, logs, launcher, StaticCatalog.of(DEMO), clock, settings,
                NodeMode.sharedDatabase(cluster, asCluster, new NodeSettings(NODE, tick,
                        tick.multipliedBy(3).compareTo(NODE_TIMEOUT) > 0 ? tick.multipliedBy(3) : NODE_TIMEOUT)))
                .build();
        engines.add(engine);
        return engine;
    }

    /** A run queued by another node. */
    private Run queueElsewhere() {
        Run run = Run.queued(RunId.create(DEMO.id(), clock.instant(), nextId.incrementAndGet()), DEMO.id(),
                DEMO.name(), Map.of(), clock.instant());
        assertTrue(cluster.enqueue(run, Map.of(), 10));
        return run;
    }

    private void finish(FakeProcess process, RunId run) {
        process.exit(0);
        Await.until(run + " to complete", WAIT, () -> runs.find(run).orElseThrow().status() == RunStatus.COMPLETED);
    }

    @Test
    void newsOfAQueuedRunStartsItWithoutWaitingForTheNextRound() throws Exception {
        engine(cluster, NO_TICK).start();

        Run run = queueElsewhere();

        FakeProcess process = launcher.nextLaunch();
        assertEquals(run.id(), process.spec().runId());
        assertEquals(NODE, cluster.holder(run.id()).orElseThrow());
        finish(process, run.id());
    }

    @Test
    void aRoundFindsTheRunWhoseNewsWasLost() throws Exception {
        cluster.loseNews(true);
        engine(cluster, SHORT_TICK).start();

        Run run = queueElsewhere();

        FakeProcess process = launcher.nextLaunch();
        assertEquals(run.id(), process.spec().runId());
        finish(process, run.id());
    }

    @Test
    void aRoundBeatsTheHeartAndRecordsTheRunsOfADeadNodeAsFailed() {
        NodeId ghost = new NodeId("ghost");
        cluster.heartbeat(ghost);
        Run left = queueElsewhere();
        cluster.claim(ghost);
        runs.update(left.start(clock.instant()));
        engine(cluster, SHORT_TICK).start();
        Await.until("the node's first beat", WAIT, () -> cluster.lastHeartbeat(NODE).isPresent());

        clock.advance(NODE_TIMEOUT.plusSeconds(1));

        Await.until(left.id() + " recorded failed", WAIT,
                () -> runs.find(left.id()).orElseThrow().status() == RunStatus.FAILED);
        assertEquals(EndMessages.NODE_LOST, runs.find(left.id()).orElseThrow().errorMessage());
        assertEquals(clock.instant(), cluster.lastHeartbeat(NODE).orElseThrow(), "the node beats on");
        assertFalse(cluster.nodes().contains(ghost));
    }

    @Test
    void aRoundThatFailsIsTriedAgainByTheNext() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        Cluster failingBeats = new FailingHeartbeats(cluster, failuresLeft);
        cluster.loseNews(true);
        engine(failingBeats, SHORT_TICK).start();

        Run run = queueElsewhere();

        FakeProcess process = launcher.nextLaunch();
        assertEquals(run.id(), process.spec().runId());
        assertTrue(failuresLeft.get() < 0, "the rounds went on after failing");
        finish(process, run.id());
    }

    @Test
    void closingStopsTheRoundsAndLeavesTheOtherNodes() {
        RunEngine engine = engine(cluster, SHORT_TICK);
        engine.start();
        Await.until("the node's first beat", WAIT, () -> cluster.nodes().contains(NODE));

        engine.close();

        assertFalse(cluster.nodes().contains(NODE));
    }

    /** A cluster whose heartbeat fails while {@code failuresLeft} is above zero. */
    private record FailingHeartbeats(InMemoryCluster cluster, AtomicInteger failuresLeft) implements Cluster {

        @Override
        public boolean heartbeat(NodeId node) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the database is away");
            }
            return cluster.heartbeat(node);
        }

        @Override
        public List<RunId> heldBy(NodeId node) {
            return cluster.heldBy(node);
        }

        @Override
        public List<RunId> reap(Duration timeout) {
            return cluster.reap(timeout);
        }

        @Override
        public void requestCancel(RunId run) {
            cluster.requestCancel(run);
        }

        @Override
        public List<RunId> cancelRequests(NodeId node) {
            return cluster.cancelRequests(node);
        }

        @Override
        public void listen(Listener listener) {
            cluster.listen(listener);
        }

        @Override
        public void leave(NodeId node) {
            cluster.leave(node);
        }
    }
}
