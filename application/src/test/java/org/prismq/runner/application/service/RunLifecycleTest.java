package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.execution.EndMessages;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.RunMetrics;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

class RunLifecycleTest {

    private Harness harness;

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    private Run launch(String module) {
        return harness.launch.launch(new LaunchRunCommand(new ModuleId(module), Map.of(), false));
    }

    private Run awaitStatus(RunId id, RunStatus status) {
        Await.until(id + " to be " + status.wireName(), () -> harness.query.get(id).status() == status);
        return harness.query.get(id);
    }

    @Test
    void aLaunchedRunIsRunningAndCompletesWithEveryLineStoredInOrder() throws Exception {
        harness = new Harness(TestModules.module("demo"));

        Run run = launch("demo");
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, "INFO starting", "working  ");
        process.print(LogStream.STDERR, "WARNING careful");
        process.print(LogStream.STDOUT, "done");
        process.exit(0);

        assertEquals(RunStatus.RUNNING, run.status());
        Run ended = awaitStatus(run.id(), RunStatus.COMPLETED);
        assertEquals(0, ended.exitCode());
        assertNull(ended.errorMessage());
        assertNotNull(ended.startedAt());
        assertNotNull(ended.completedAt());
        List<LogEntry> lines = harness.logs.read(run.id(), 0, 100);
        assertEquals(List.of(1L, 2L, 3L, 4L), lines.stream().map(LogEntry::seq).toList());
        assertEquals(List.of("INFO starting", "working", "WARNING careful", "done"),
                lines.stream().map(LogEntry::message).toList());
        assertEquals(List.of(LogLevel.INFO, LogLevel.INFO, LogLevel.WARNING, LogLevel.INFO),
                lines.stream().map(LogEntry::level).toList());
        assertEquals(LogStream.STDERR, lines.get(2).stream());
        assertEquals(ended, harness.runs.find(run.id()).orElseThrow());
    }

    @Test
    void aNonZeroExitFailsTheRunAndQuotesItsLastStderrLines() throws Exception {
        harness = new Harness(TestModules.module("demo"));

        Run run = launch("demo");
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDERR, "Traceback (most recent call last):", "ValueError: bad input");
        process.exit(3);

        Run ended = awaitStatus(run.id(), RunStatus.FAILED);
        assertEquals(3, ended.exitCode());
        assertTrue(ended.errorMessage().startsWith("exited with code 3"), ended.errorMessage());
        assertTrue(ended.errorMessage().contains("ValueError: bad input"), ended.errorMessage());
    }

    @Test
    void runsBeyondTheConcurrencyLimitWaitAndStartInFifoOrder() throws Exception {
        harness = new Harness(Harness.settings(2, 10, 1000), TestModules.module("demo"));

        List<Run> launched = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            launched.add(launch("demo"));
        }

        assertEquals(List.of(RunStatus.RUNNING, RunStatus.RUNNING, RunStatus.QUEUED, RunStatus.QUEUED,
                RunStatus.QUEUED), launched.stream().map(Run::status).toList());
        List<RunId> startOrder = new ArrayList<>();
        List<FakeProcess> processes = new ArrayList<>(List.of(harness.launcher.nextLaunch(),
                harness.launcher.nextLaunch()));
        processes.forEach(p -> startOrder.add(p.spec().runId()));
        assertFalse(harness.launcher.hasPendingLaunch());
        while (!processes.isEmpty()) {
            processes.removeFirst().exit(0);
            if (startOrder.size() < launched.size()) {
                FakeProcess next = harness.launcher.nextLaunch();
                startOrder.add(next.spec().runId());
                processes.add(next);
            }
        }
        assertEquals(launched.stream().map(Run::id).toList(), startOrder);
        for (Run run : launched) {
            awaitStatus(run.id(), RunStatus.COMPLETED);
        }
    }

    /**
     * Two slots free up at once and two queued runs leave the queue together; the one that left first is held
     * back on its way to its process (here in the metrics call) until the other's process is launched. Their
     * recorded starts still follow the queue's order.
     */
    @Test
    void runsThatLeaveTheQueueTogetherAreRecordedStartingInTheQueuesOrder() throws Exception {
        CountDownLatch secondLaunched = new CountDownLatch(1);
        RunMetrics firstIsSlow = new RunMetrics() {
            @Override
            public void runStarted(ModuleId module) {
                if (module.value().equals("first")) {
                    try {
                        secondLaunched.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        harness = new Harness(Harness.settings(2, 10, 1000), firstIsSlow, TestModules.module("busy"),
                TestModules.module("first"), TestModules.module("second"));
        harness.clock.tickOnEveryRead(Duration.ofMillis(1));
        launch("busy");
        launch("busy");
        FakeProcess busyOne = harness.launcher.nextLaunch();
        FakeProcess busyTwo = harness.launcher.nextLaunch();
        Run first = launch("first");
        Run second = launch("second");

        Thread endOne = Thread.ofPlatform().start(() -> busyOne.exit(0));
        Thread endTwo = Thread.ofPlatform().start(() -> busyTwo.exit(0));
        FakeProcess secondProcess = harness.launcher.nextLaunch();
        assertEquals(second.id(), secondProcess.spec().runId(), "the run that left the queue second is launched");
        secondLaunched.countDown();
        FakeProcess firstProcess = harness.launcher.nextLaunch();
        endOne.join();
        endTwo.join();
        firstProcess.exit(0);
        secondProcess.exit(0);

        Instant firstStart = awaitStatus(first.id(), RunStatus.COMPLETED).startedAt();
        Instant secondStart = awaitStatus(second.id(), RunStatus.COMPLETED).startedAt();
        assertTrue(firstStart.isBefore(secondStart), "first started " + firstStart + ", second " + secondStart);
    }

    @Test
    void aLaunchBeyondTheQueueIsRefusedAndRecordsNothing() throws Exception {
        harness = new Harness(Harness.settings(1, 1, 1000), TestModules.module("demo"));
        launch("demo");
        launch("demo");

        assertThrows(RunnerException.QueueFull.class, () -> launch("demo"));

        assertEquals(2, harness.runs.list(RunFilter.ALL, 100, 0).total());
    }

    @Test
    void cancellingAQueuedRunTakesItOutOfTheQueueWithoutStartingIt() throws Exception {
        harness = new Harness(Harness.settings(1, 10, 1000), TestModules.module("demo"));
        launch("demo");
        Run queued = launch("demo");
        FakeProcess first = harness.launcher.nextLaunch();

        Run cancelled = harness.cancel.cancel(queued.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertNull(cancelled.startedAt());
        first.exit(0);
        Await.until("the first run to complete", () -> harness.query.activeCount() == 0);
        assertFalse(harness.launcher.hasPendingLaunch());
    }

    @Test
    void cancellingARunningRunStopsItsProcessWithTheGracePeriodAndKeepsItsLines() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch("demo");
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, "line before the stop");

        Run cancelled = harness.cancel.cancel(run.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals(143, cancelled.exitCode());
        assertEquals(Duration.ofSeconds(5), process.stoppedWithGrace());
        assertEquals(1, harness.logs.lastSeq(run.id()));
        assertEquals(cancelled, harness.runs.find(run.id()).orElseThrow());
    }

    @Test
    void cancellingAnEndedRunIsRefusedAndAnUnknownRunIsNotFound() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch("demo");
        harness.launcher.nextLaunch().exit(0);
        awaitStatus(run.id(), RunStatus.COMPLETED);

        assertThrows(RunnerException.RunNotActive.class, () -> harness.cancel.cancel(run.id()));
        assertThrows(RunnerException.RunNotFound.class, () -> harness.cancel.cancel(new RunId("run_nope")));
    }

    @Test
    void aRunPastItsTimeLimitIsStoppedAndRecordedFailedSayingSo() throws Exception {
        harness = new Harness(TestModules.withTimeout("slow", 1));
        Run run = launch("slow");
        FakeProcess process = harness.launcher.nextLaunch();

        Run ended = awaitStatus(run.id(), RunStatus.FAILED);

        assertNotNull(process.stoppedWithGrace());
        assertTrue(ended.errorMessage().startsWith("timed out after 1 s"), ended.errorMessage());
    }

    @Test
    void aLaunchFailureEndsTheRunFailedWithTheLaunchersMessage() {
        harness = new Harness(TestModules.module("demo"));
        harness.launcher.failLaunchesWith("script not found: /nowhere/demo.py");

        Run run = awaitStatus(launch("demo").id(), RunStatus.FAILED);

        assertEquals("script not found: /nowhere/demo.py", run.errorMessage());
        assertEquals(0, harness.query.activeCount());
    }

    @Test
    void progressMarkersUpdateTheRunWhileTheLinesAreStillLogged() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch("demo");
        FakeProcess process = harness.launcher.nextLaunch();

        process.print(LogStream.STDOUT, "::progress::3/50");

        Run progressed = harness.query.get(run.id());
        assertEquals(3L, progressed.progress().itemsProcessed());
        assertEquals(50L, progressed.progress().itemsTotal());
        assertEquals(6.0, progressed.progress().percent(), 1e-9);
        process.print(LogStream.STDOUT, "::progress::75%");
        process.exit(0);
        Run ended = awaitStatus(run.id(), RunStatus.COMPLETED);
        assertEquals(75.0, ended.progress().percent(), 1e-9);
        assertEquals(2, harness.logs.lastSeq(run.id()));
    }

    @Test
    void recoveryRecordsRunsLeftActiveByAnEarlierLifeAsFailed() {
        harness = new Harness(TestModules.module("demo"));
        Instant then = Instant.parse("2026-11-24T10:00:00Z");
        Run running = Run.queued(new RunId("run_20261124_100000_demo_00000001"), new ModuleId("demo"), "Demo",
                Map.of(), then).start(then);
        Run queued = Run.queued(new RunId("run_20261124_100000_demo_00000002"), new ModuleId("demo"), "Demo",
                Map.of(), then);
        harness.runs.add(running);
        harness.runs.add(queued);

        assertEquals(2, harness.engine.recover());

        for (RunId id : List.of(running.id(), queued.id())) {
            Run recovered = harness.runs.find(id).orElseThrow();
            assertEquals(RunStatus.FAILED, recovered.status());
            assertEquals(EndMessages.RECOVERY, recovered.errorMessage());
        }
    }

    @Test
    void shutdownCancelsQueuedAndRunningRunsAndRefusesNewOnes() throws Exception {
        harness = new Harness(Harness.settings(1, 10, 1000), TestModules.module("demo"));
        Run running = launch("demo");
        Run queued = launch("demo");
        FakeProcess process = harness.launcher.nextLaunch();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(harness.engine::close);
        shutdown.get();

        assertNotNull(process.stoppedWithGrace());
        Run stopped = harness.runs.find(running.id()).orElseThrow();
        assertEquals(RunStatus.CANCELLED, stopped.status());
        assertEquals(EndMessages.SHUTDOWN, stopped.errorMessage());
        assertEquals(RunStatus.CANCELLED, harness.runs.find(queued.id()).orElseThrow().status());
        assertThrows(RunnerException.ShuttingDown.class, () -> launch("demo"));
    }
}
