package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.execution.EndMessages;
import org.prismq.runner.application.execution.NodeMode;
import org.prismq.runner.application.execution.NodeSettings;
import org.prismq.runner.application.execution.RunEngine;
import org.prismq.runner.application.execution.RunSupervisor;
import org.prismq.runner.application.execution.RunnerSettings;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.InMemoryCluster;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryModuleConfigs;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher;
import org.prismq.runner.application.fakes.StaticCatalog;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.in.FollowStart;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.LogSubscription;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.NodeId;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Two service nodes on one database: two supervisors, each with its own processes, sharing the registry of runs,
 * the log store, the launch queue and the cluster, as two processes on one PostgreSQL database would.
 */
class TwoNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** So long that no tick comes during a test: only the cluster's news moves a node. */
    private static final Duration NO_TICK = Duration.ofHours(1);
    private static final Duration SHORT_TICK = Duration.ofMillis(50);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final ModuleDefinition COLLECT = TestModules.module("collect", List.of(
            TestModules.text("query", "trending", true),
            TestModules.password("api_key")));
    private static final StaticCatalog CATALOG = StaticCatalog.of(COLLECT);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemoryRuns runs = new InMemoryRuns();
    private final InMemoryLogStore logs = new InMemoryLogStore(runs);
    private final InMemoryCluster cluster = new InMemoryCluster(runs, clock);
    /** One sequence for both nodes: runs launched in the same instant on either get different ids. */
    private final AtomicInteger nextId = new AtomicInteger();
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(Node::close);
    }

    @Test
    void runsLaunchedThroughOneNodeAreExecutedByBothWithinEachLimitAndNoneTwice() throws Exception {
        Node a = node("node-a", 2, NO_TICK);
        Node b = node("node-b", 2, NO_TICK);
        a.engine.start();
        b.engine.start();

        List<RunId> launched = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            launched.add(a.launch().id());
        }

        Await.until("two runs executing on each node", WAIT,
                () -> a.launcher.specs().size() == 2 && b.launcher.specs().size() == 2);
        assertEquals(1, cluster.size());
        List<FakeProcess> executing = List.of(a.launcher.nextLaunch(), a.launcher.nextLaunch(),
                b.launcher.nextLaunch(), b.launcher.nextLaunch());
        executing.forEach(process -> process.exit(0));
        Await.until("the fifth run to start", WAIT,
                () -> a.launcher.specs().size() + b.launcher.specs().size() == 5);
        (a.launcher.specs().size() == 3 ? a : b).launcher.nextLaunch().exit(0);
        for (RunId id : launched) {
            awaitStatus(id, RunStatus.COMPLETED);
        }

        List<RunId> executed = Stream.concat(a.launcher.specs().stream(), b.launcher.specs().stream())
                .map(LaunchSpec::runId).toList();
        assertEquals(5, executed.size(), "launches in all: " + executed);
        assertEquals(Set.copyOf(launched), Set.copyOf(executed));
        assertFalse(a.launcher.hasPendingLaunch() || b.launcher.hasPendingLaunch());
        assertEquals(0, cluster.size());
    }

    @Test
    void aNodeExecutingARunQueuedByAnotherGetsItsSecretValuesWhileTheRecordShowsThemMasked() throws Exception {
        Node a = node("node-a", 1, NO_TICK);
        Node b = node("node-b", 1, NO_TICK);
        b.engine.start();

        Run first = a.launch(Map.of("query", "rivers", "api_key", "s3cret"));
        Run second = a.launch(Map.of("query", "rivers", "api_key", "s3cret"));

        List<String> expected = List.of("--query", "rivers", "--api_key", "s3cret");
        LaunchSpec onA = a.launcher.nextLaunch().spec();
        LaunchSpec onB = b.launcher.nextLaunch().spec();
        assertEquals(Set.of(first.id(), second.id()), Set.of(onA.runId(), onB.runId()));
        assertEquals(expected, onA.arguments());
        assertEquals(expected, onB.arguments());
        for (Run run : List.of(first, second)) {
            assertEquals(ParameterDefinition.MASK, runs.find(run.id()).orElseThrow().parameters().get("api_key"));
        }
    }

    @Test
    void aCancelSentToAnotherNodeStopsTheProcessWhereTheRunExecutesAndReturnsTheCancelledRun() throws Exception {
        Node a = node("node-a", 2, NO_TICK);
        Node b = node("node-b", 2, NO_TICK);
        a.engine.start();
        Run run = a.launch();
        FakeProcess process = a.launcher.nextLaunch();
        process.print(LogStream.STDOUT, "working");
        b.engine.start();

        Run cancelled = b.cancel.cancel(run.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals(143, cancelled.exitCode());
        assertEquals(GRACE, process.stoppedWithGrace());
        assertEquals(cancelled, runs.find(run.id()).orElseThrow());
        assertEquals(1, logs.lastSeq(run.id()));
        assertTrue(b.launcher.specs().isEmpty());
    }

    @Test
    void withoutNewsACancelSentToAnotherNodeReachesItOnItsNextTick() throws Exception {
        Node a = node("node-a", 2, SHORT_TICK);
        Node b = node("node-b", 2, NO_TICK);
        a.engine.start();
        Run run = a.launch();
        FakeProcess process = a.launcher.nextLaunch();
        // Only now: a node that hears of a queued run may claim it before the node that queued it.
        b.engine.start();
        cluster.loseNews(true);

        Run cancelled = b.cancel.cancel(run.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals(GRACE, process.stoppedWithGrace());
        assertEquals(cancelled, runs.find(run.id()).orElseThrow());
    }

    @Test
    void aFollowerOnAnotherNodeGetsEveryLineInOrderThenTheEnd() throws Exception {
        Node a = node("node-a", 2, NO_TICK);
        Node b = node("node-b", 2, NO_TICK);
        Run run = a.launch();
        FakeProcess process = a.launcher.nextLaunch();
        process.print(LogStream.STDOUT, numbered(1, 3));
        b.engine.start();

        try (LogSubscription subscription = b.logService.follow(run.id(), FollowStart.BEGINNING)) {
            process.print(LogStream.STDERR, numbered(4, 2));
            Collected live = readThroughLine(subscription, 5);
            assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(), live.seqs());
            assertEquals(List.of(), live.statuses);

            CompletableFuture<Collected> reader = readInBackground(subscription);
            for (int batch = 0; batch < 9; batch++) {
                process.print(LogStream.STDOUT, numbered(6 + batch * 5, 5));
            }
            process.exit(0);

            Collected rest = reader.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(LongStream.rangeClosed(6, 50).boxed().toList(), rest.seqs());
            assertEquals(List.of(numbered(6, 45)), rest.messages());
            assertEquals(List.of(RunStatus.COMPLETED), rest.statuses);
            assertEquals(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 50), rest.completed);
        }
        assertTrue(b.launcher.specs().isEmpty());
    }

    @Test
    void withoutNewsAFollowerOnAnotherNodeStillGetsEveryLineAndTheEndFromItsTicks() throws Exception {
        cluster.loseNews(true);
        Node a = node("node-a", 2, NO_TICK);
        Node b = node("node-b", 2, SHORT_TICK);
        Run run = a.launch();
        FakeProcess process = a.launcher.nextLaunch();
        b.engine.start();

        try (LogSubscription subscription = b.logService.follow(run.id(), FollowStart.BEGINNING)) {
            process.print(LogStream.STDOUT, numbered(1, 5));
            assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(), readThroughLine(subscription, 5).seqs());

            CompletableFuture<Collected> reader = readInBackground(subscription);
            for (int batch = 1; batch < 4; batch++) {
                process.print(LogStream.STDOUT, numbered(1 + batch * 5, 5));
            }
            process.exit(3);

            Collected rest = reader.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(LongStream.rangeClosed(6, 20).boxed().toList(), rest.seqs());
            assertEquals(List.of(RunStatus.FAILED), rest.statuses);
            assertEquals(new FollowEvent.Completed(RunStatus.FAILED, 3, 20), rest.completed);
        }
    }

    @Test
    void theRunsOfANodeThatStopsBeatingAreRecordedFailedByAnotherNodeWhoseOwnRunsGoOn() throws Exception {
        // A never ticks: it beat once, when it recovered, and then falls silent.
        Node a = node("node-a", 2, NO_TICK);
        Node b = node("node-b", 2, SHORT_TICK);
        Run lost = a.launch();
        FakeProcess orphaned = a.launcher.nextLaunch();
        orphaned.print(LogStream.STDOUT, "last words");
        Await.until("A's line to be stored", WAIT, () -> logs.lastSeq(lost.id()) == 1);
        b.engine.start();
        Run kept = b.launch();
        FakeProcess survivor = b.launcher.nextLaunch();

        try (LogSubscription follower = b.logService.follow(lost.id(), FollowStart.BEGINNING)) {
            passTimeBeyondTheNodeTimeoutWhileBeating(b);

            Run failed = awaitStatus(lost.id(), RunStatus.FAILED);
            assertEquals(EndMessages.NODE_LOST, failed.errorMessage());
            assertNull(failed.exitCode());
            Collected collected = readToEnd(follower);
            assertEquals(List.of("last words"), collected.messages());
            assertEquals(new FollowEvent.Completed(RunStatus.FAILED, null, 1), collected.completed);
        }
        assertEquals(RunStatus.RUNNING, runs.find(kept.id()).orElseThrow().status());
        assertFalse(survivor.hasExited());
        assertEquals(Set.of(b.id), cluster.nodes());
    }

    @Test
    void aNodeThatWasTakenOutAsDeadStopsItsRunsAndLeavesTheirFailedRecordAsItIs() throws Exception {
        // A was only paused: it starts ticking again once B has recorded its run as failed.
        Node a = node("node-a", 2, SHORT_TICK);
        Node b = node("node-b", 2, SHORT_TICK);
        Run paused = a.launch();
        FakeProcess process = a.launcher.nextLaunch();
        b.engine.start();
        passTimeBeyondTheNodeTimeoutWhileBeating(b);
        Run failed = awaitStatus(paused.id(), RunStatus.FAILED);

        a.engine.start();

        Await.until("A to stop its run", WAIT, process::hasExited);
        Await.until("A to forget its run", WAIT, () -> a.engine.nodeRuns().activeRun(paused.id()).isEmpty());
        assertEquals(failed, runs.find(paused.id()).orElseThrow(), "the record B wrote stands");
        assertEquals(EndMessages.NODE_LOST, failed.errorMessage());
    }

    @Test
    void aNodeRestartedUnderTheSameNameRecordsTheRunsItsEarlierLifeLeftActiveAsFailed() {
        // The earlier life of node A claimed a run, started it, beat its heart and died without a word.
        NodeId nodeA = new NodeId("node-a");
        Run left = Run.queued(RunId.create(COLLECT.id(), clock.instant(), 0xdead), COLLECT.id(), COLLECT.name(),
                Map.of("query", "trending"), clock.instant());
        assertTrue(cluster.enqueue(left, Map.of("query", "trending"), 10));
        cluster.heartbeat(nodeA);
        assertEquals(left.id(), cluster.claim(nodeA).orElseThrow().run().id());
        runs.update(left.start(clock.instant()));

        // Its next life starts within the node timeout, under the name it was configured with.
        Node restarted = node("node-a", 2, SHORT_TICK);

        Run recorded = runs.find(left.id()).orElseThrow();
        assertEquals(EndMessages.RECOVERY, recorded.errorMessage());
        assertEquals(RunStatus.FAILED, recorded.status(),
                "no process of " + left.id() + " is left; recover() (or a tick of the restarted node) must "
                        + "record its end, since no other node ever will");
        assertEquals(0, restarted.engine.nodeRuns().activeCount());
    }

    private Node node(String name, int maxConcurrent, Duration tick) {
        Node node = new Node(new NodeId(name), maxConcurrent, tick);
        nodes.add(node);
        return node;
    }

    private Run awaitStatus(RunId id, RunStatus status) {
        Await.until(id + " to be " + status.wireName(), WAIT,
                () -> runs.find(id).orElseThrow().status() == status);
        return runs.find(id).orElseThrow();
    }

    /**
     * Moves the database's clock past the node timeout in steps shorter than it, each time waiting for
     * {@code node} to beat: only nodes that do not tick fall silent for longer than the timeout.
     */
    private void passTimeBeyondTheNodeTimeoutWhileBeating(Node node) {
        Duration step = NODE_TIMEOUT.dividedBy(3);
        for (int i = 0; i < 4; i++) {
            clock.advance(step);
            Instant now = clock.instant();
            Await.until(node.id + " to beat at " + now, WAIT,
                    () -> cluster.lastHeartbeat(node.id).filter(now::equals).isPresent());
        }
    }

    private static String[] numbered(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "line " + i).toArray(String[]::new);
    }

    private static CompletableFuture<Collected> readInBackground(LogSubscription subscription) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readToEnd(subscription);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        });
    }

    private static Collected readThroughLine(LogSubscription subscription, long seq) throws InterruptedException {
        return Collected.readThroughLine(subscription, seq, WAIT);
    }

    private static Collected readToEnd(LogSubscription subscription) throws InterruptedException {
        return Collected.readToEnd(subscription, WAIT);
    }

    private final class Node implements AutoCloseable {

        final NodeId id;
        final ScriptedProcessLauncher launcher = new ScriptedProcessLauncher();
        final RunEngine engine;
        final RunSupervisor supervisor;
        final LaunchRunService launchService;
        final CancelRunService cancel;
        final LogService logService;

        Node(NodeId id, int maxConcurrent, Duration tick) {
            this.id = id;
            RunnerSettings settings = new RunnerSettings(maxConcurrent, 10, Duration.ofHours(1), GRACE, 1000,
                    8L << 20, 256, 95);
            Duration timeout = tick.compareTo(NODE_TIMEOUT.dividedBy(3)) <= 0 ? NODE_TIMEOUT : tick.multipliedBy(3);
            Runs sharedRuns = cluster.announceChangesOf(runs);
            LogStore sharedLogs = cluster.announceLinesOf(logs);
            this.engine = RunEngine.builder(sharedRuns, sharedLogs, launcher, CATALOG, clock, settings,
                    NodeMode.sharedDatabase(cluster, cluster, new NodeSettings(id, tick, timeout))).build();
            this.supervisor = engine.supervisor();
            this.launchService = new LaunchRunService(CATALOG, new InMemoryModuleConfigs(), supervisor,
                    (module, at) -> RunId.create(module, at, nextId.incrementAndGet()), clock);
            this.cancel = new CancelRunService(supervisor);
            this.logService = new LogService(sharedLogs, engine.nodeRuns());
            engine.recover();
        }

        Run launch() {
            return launch(Map.of());
        }

        Run launch(Map<String, Object> parameters) {
            return launchService.launch(new LaunchRunCommand(COLLECT.id(), parameters, false));
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}
