package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.output.LiveOutput;
import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.in.FollowStart;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.LogSubscription;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

class FollowLogsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private Harness harness;

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    private Run launch() {
        return harness.launch.launch(new LaunchRunCommand(new ModuleId("demo"), Map.of(), false));
    }

    private static Collected readToEnd(LogSubscription subscription) throws InterruptedException {
        return Collected.readToEnd(subscription, WAIT);
    }

    private static String[] numbered(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> "line " + i).toArray(String[]::new);
    }

    @Test
    void aFollowerGetsStoredLinesThenLiveOnesThenTheEndWithNoGapAndNoDuplicate() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, numbered(1, 3));

        try (LogSubscription subscription = harness.logService.follow(run.id(), FollowStart.BEGINNING)) {
            CompletableFuture<Collected> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    return readToEnd(subscription);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            process.print(LogStream.STDERR, numbered(4, 2));
            process.print(LogStream.STDOUT, numbered(6, 5));
            process.exit(0);

            Collected collected = reader.get();
            assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), collected.seqs());
            assertEquals(List.of(RunStatus.COMPLETED), collected.statuses);
            assertEquals(RunStatus.COMPLETED, collected.completed.status());
            assertEquals(0, collected.completed.exitCode());
            assertEquals(10, collected.completed.lastSeq());
        }
    }

    @Test
    void aFollowerOfAQueuedRunSeesItStartThenEnd() throws Exception {
        harness = new Harness(Harness.settings(1, 10, 1000), TestModules.module("demo"));
        launch();
        Run queued = launch();
        FakeProcess first = harness.launcher.nextLaunch();

        try (LogSubscription subscription = harness.logService.follow(queued.id(), FollowStart.BEGINNING)) {
            first.exit(0);
            FakeProcess second = harness.launcher.nextLaunch();
            second.print(LogStream.STDOUT, "hello");
            second.exit(2);

            Collected collected = readToEnd(subscription);
            assertEquals(List.of(RunStatus.RUNNING, RunStatus.FAILED), collected.statuses);
            assertEquals(List.of(1L), collected.seqs());
            assertEquals(2, collected.completed.exitCode());
        }
    }

    @Test
    void aSlowFollowerThatFellOutOfTheBufferCatchesUpFromStorageWithoutLosingALine() throws Exception {
        harness = new Harness(Harness.settings(10, 10, 50), TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();

        try (LogSubscription subscription = harness.logService.follow(run.id(), FollowStart.BEGINNING)) {
            for (int batch = 0; batch < 100; batch++) {
                process.print(batch % 2 == 0 ? LogStream.STDOUT : LogStream.STDERR, numbered(batch * 100 + 1, 100));
            }
            process.exit(0);

            Collected collected = readToEnd(subscription);
            assertEquals(LongStream.rangeClosed(1, 10_000).boxed().toList(), collected.seqs());
            assertEquals("line 10000", collected.lines.getLast().message());
        }
    }

    @Test
    void aFollowerResumesExactlyAfterTheSeqItLastSaw() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, numbered(1, 20));
        process.exit(0);

        try (LogSubscription subscription = harness.logService.follow(run.id(), new FollowStart.After(12))) {
            Collected collected = readToEnd(subscription);
            assertEquals(LongStream.rangeClosed(13, 20).boxed().toList(), collected.seqs());
            assertEquals(20, collected.completed.lastSeq());
        }
    }

    @Test
    void aTailStartsWithTheLastLines() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, numbered(1, 20));

        try (LogSubscription subscription = harness.logService.follow(run.id(), new FollowStart.Tail(5))) {
            process.exit(0);
            assertEquals(LongStream.rangeClosed(16, 20).boxed().toList(), readToEnd(subscription).seqs());
        }
    }

    @Test
    void aRunThatPrintsNothingStillCompletesItsFollowers() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();

        try (LogSubscription subscription = harness.logService.follow(run.id(), FollowStart.BEGINNING)) {
            assertInstanceOf(FollowEvent.Idle.class, subscription.next(Duration.ofMillis(20)));
            process.exit(0);
            Collected collected = readToEnd(subscription);
            assertTrue(collected.lines.isEmpty());
            assertEquals(0, collected.completed.lastSeq());
        }
        assertTrue(harness.logService.hasEndedAt(run.id(), 0));
    }

    @Test
    void aReaderWokenFromAnotherThreadStopsWaitingAndStillGetsEveryLine() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();

        try (LogSubscription subscription = harness.logService.follow(run.id(), FollowStart.BEGINNING)) {
            AtomicReference<Thread> reader = new AtomicReference<>();
            CompletableFuture<FollowEvent> waiting = CompletableFuture.supplyAsync(() -> {
                reader.set(Thread.currentThread());
                try {
                    return subscription.next(Duration.ofHours(1));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            LiveOutput output = harness.nodeRuns.liveOutput(run.id()).orElseThrow();
            Await.until("the reader waiting", () -> reader.get() != null
                    && LockSupport.getBlocker(reader.get()) == output);

            subscription.wakeUp();

            assertInstanceOf(FollowEvent.Idle.class, waiting.get());
            process.print(LogStream.STDOUT, numbered(1, 3));
            process.exit(0);
            assertEquals(List.of(1L, 2L, 3L), readToEnd(subscription).seqs());
        }
    }

    @Test
    void hundredsOfFollowersEachGetEveryLine() throws Exception {
        harness = new Harness(Harness.settings(10, 10, 100), TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        List<LogSubscription> subscriptions = new ArrayList<>();
        List<CompletableFuture<Collected>> readers = new ArrayList<>();
        try (ExecutorService readerThreads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                LogSubscription subscription = harness.logService.follow(run.id(), FollowStart.BEGINNING);
                subscriptions.add(subscription);
                readers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return readToEnd(subscription);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, readerThreads));
            }
            for (int batch = 0; batch < 20; batch++) {
                process.print(LogStream.STDOUT, numbered(batch * 50 + 1, 50));
            }
            process.exit(0);

            for (CompletableFuture<Collected> reader : readers) {
                assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(), reader.get().seqs());
            }
        } finally {
            subscriptions.forEach(LogSubscription::close);
        }
    }

    @Test
    void anEndedRunIsFollowedFromStorageAndReportsWhereItEnded() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, numbered(1, 3));
        process.exit(1);
        Await.until("the run to end", () -> harness.query.activeCount() == 0);

        assertTrue(harness.logService.hasEndedAt(run.id(), 3));
        assertFalse(harness.logService.hasEndedAt(run.id(), 2));
        try (LogSubscription subscription = harness.logService.follow(run.id(), FollowStart.BEGINNING)) {
            Collected collected = readToEnd(subscription);
            assertEquals(List.of(1L, 2L, 3L), collected.seqs());
            assertTrue(collected.statuses.isEmpty());
            assertEquals(RunStatus.FAILED, collected.completed.status());
            assertEquals(1, collected.completed.exitCode());
        }
    }

    @Test
    void aResumePastTheEndOfALiveRunWaitsWithoutOverflowAndEndsWithTheRun() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, numbered(1, 3));

        assertFalse(harness.logService.hasEndedAt(run.id(), Long.MAX_VALUE));
        try (LogSubscription subscription = harness.logService.follow(run.id(),
                new FollowStart.After(Long.MAX_VALUE))) {
            assertInstanceOf(FollowEvent.Idle.class, subscription.next(Duration.ZERO));
            process.print(LogStream.STDOUT, numbered(4, 2));
            process.exit(0);
            Collected collected = readToEnd(subscription);
            assertTrue(collected.lines.isEmpty());
            assertEquals(RunStatus.COMPLETED, collected.completed.status());
            assertEquals(5, collected.completed.lastSeq());
        }
    }

    @Test
    void aResumePastTheEndOfAnEndedRunFindsItEnded() throws Exception {
        harness = new Harness(TestModules.module("demo"));
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, numbered(1, 3));
        process.exit(0);
        Await.until("the run to end", () -> harness.query.activeCount() == 0);

        assertTrue(harness.logService.hasEndedAt(run.id(), 4));
        assertTrue(harness.logService.hasEndedAt(run.id(), Long.MAX_VALUE));
    }

    @Test
    void followingAnUnknownRunIsNotFound() {
        harness = new Harness(TestModules.module("demo"));
        assertThrows(RunnerException.RunNotFound.class,
                () -> harness.logService.follow(new RunId("run_unknown"), FollowStart.BEGINNING));
    }
}
