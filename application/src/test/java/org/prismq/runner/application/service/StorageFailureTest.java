package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.FollowStart;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.LogSubscription;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.in.SystemStatusUseCase.Health;
import org.prismq.runner.application.port.out.DatabaseSize;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunStatus;

/**
 * A disk that fills up while runs run, and is freed again: nothing passes silently, nothing is left half made,
 * and everything works again without a restart.
 */
class StorageFailureTest {

    private final Harness harness = new Harness(TestModules.module("demo"));

    @AfterEach
    void close() {
        harness.close();
    }

    private Run launch() {
        return harness.launch.launch(new LaunchRunCommand(new ModuleId("demo"), Map.of(), false));
    }

    @Test
    void linesThatCannotBeStoredStopTheRunWhichEndsFailedSayingWhyAndIsRecordedSoOnceSpaceIsFreed()
            throws Exception {
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        process.print(LogStream.STDOUT, "line 1", "line 2", "line 3");
        Await.until("the first lines stored", () -> harness.logs.lastSeq(run.id()) == 3);

        harness.disk.fill();
        process.print(LogStream.STDOUT, "line 4", "line 5");

        Await.until("the run stopped", () -> process.stoppedWithGrace() != null);
        // Until the run has left the node, a follower still gets the lines it printed from memory.
        Await.until("the run to end", () -> harness.query.activeCount() == 0);
        String error = harness.nodeRuns.latest(run.id()).orElseThrow().errorMessage();
        assertTrue(error.startsWith("storing the output failed, so the run was stopped: "), error);
        assertTrue(error.contains("SQLITE_FULL"), error);
        assertTrue(error.endsWith("2 lines were not stored"), error);
        // The disk is still full: the end is not recorded yet, but a follower hears it, and the lines stored
        // before stay readable.
        assertEquals(RunStatus.RUNNING, harness.runs.find(run.id()).orElseThrow().status());
        try (LogSubscription follower = harness.logService.follow(run.id(), FollowStart.BEGINNING)) {
            Collected collected = Collected.readToEnd(follower, Duration.ofSeconds(5));
            assertEquals(List.of(1L, 2L, 3L), collected.seqs());
            assertEquals(RunStatus.FAILED, collected.completed.status());
        }

        harness.disk.free();
        harness.engine.start();
        Await.until("the end recorded", () -> harness.runs.find(run.id()).orElseThrow().status()
                == RunStatus.FAILED);
        assertEquals(error, harness.runs.find(run.id()).orElseThrow().errorMessage());
        assertEquals(List.of("line 1", "line 2", "line 3"),
                harness.logs.read(run.id(), 0, 10).stream().map(LogEntry::message).toList());

        Run next = launch();
        FakeProcess nextProcess = harness.launcher.nextLaunch();
        nextProcess.print(LogStream.STDOUT, "stored again");
        nextProcess.exit(0);
        Await.until("the next run completed", () -> harness.runs.find(next.id()).orElseThrow().status()
                == RunStatus.COMPLETED);
        assertEquals(1, harness.logs.lastSeq(next.id()));
    }

    @Test
    void aLaunchWhileStorageCannotWriteIsRefusedAndLeavesNothingThenWorksOnceSpaceIsFreed() throws Exception {
        harness.disk.fill();

        RunnerException.StorageUnavailable refused = assertThrows(RunnerException.StorageUnavailable.class,
                this::launch);
        assertTrue(refused.getMessage().contains("SQLITE_FULL"), refused.getMessage());
        assertEquals(0, harness.runs.list(RunFilter.ALL, 10, 0).total());
        assertEquals(0, harness.query.activeCount());
        assertFalse(harness.launcher.hasPendingLaunch());

        harness.disk.free();
        Run run = launch();
        harness.launcher.nextLaunch().exit(0);
        Await.until("the run completed", () -> harness.runs.find(run.id()).orElseThrow().status()
                == RunStatus.COMPLETED);
    }

    @Test
    void healthIsDegradedWithTheReasonWhileStorageCannotWrite() {
        SystemStatusService status = new SystemStatusService("1.2.3", harness.clock, harness.catalog, harness.runs,
                harness.nodeRuns, harness.resources, harness.disk, () -> DatabaseSize.UNKNOWN);
        assertTrue(status.health().healthy());

        harness.disk.fill();
        assertThrows(RunnerException.StorageUnavailable.class, this::launch);
        Health degraded = status.health();
        assertFalse(degraded.healthy());
        assertTrue(degraded.degradedReason().startsWith("storage cannot write since "), degraded.degradedReason());
        assertTrue(degraded.degradedReason().contains("(full)"), degraded.degradedReason());
        assertTrue(degraded.degradedReason().contains("SQLITE_FULL"), degraded.degradedReason());

        harness.disk.free();
        launch();
        assertTrue(status.health().healthy());
    }
}
