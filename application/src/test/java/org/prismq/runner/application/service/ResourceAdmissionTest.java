package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.out.ResourceSnapshot;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/** A launch is never refused for the host's resources: the run waits queued, says why, and starts in turn. */
class ResourceAdmissionTest {

    private static final ResourceSnapshot BUSY = new ResourceSnapshot(8L << 30, 16L << 30, 99.0, 100L << 30);
    private static final ResourceSnapshot IDLE = new ResourceSnapshot(8L << 30, 16L << 30, 10.0, 100L << 30);

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

    @Test
    void fiveLaunchesOnABusyHostAllWaitWithTheReasonAndRunInOrderOnceItIsIdle() throws Exception {
        harness = new Harness(Harness.settings(1, 100, 1000), TestModules.module("demo"));
        harness.resources.set(BUSY);

        List<RunId> launched = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Run run = launch();
            assertEquals(RunStatus.QUEUED, run.status());
            assertEquals("cpu 99% over 95% for 0 s", run.waitingFor());
            launched.add(run.id());
        }
        assertFalse(harness.launcher.hasPendingLaunch());
        for (RunId id : launched) {
            assertEquals("cpu 99% over 95% for 0 s", harness.query.get(id).waitingFor());
        }
        harness.query.list(RunFilter.ALL, 10, 0).runs()
                .forEach(run -> assertEquals("cpu 99% over 95% for 0 s", run.waitingFor()));

        harness.resources.set(IDLE);
        harness.clock.advance(Duration.ofSeconds(11));
        harness.engine.start();

        for (RunId id : launched) {
            FakeProcess process = harness.launcher.nextLaunch();
            Await.until(id + " to run", () -> harness.query.get(id).status() == RunStatus.RUNNING);
            assertNull(harness.query.get(id).waitingFor());
            process.exit(0);
            Await.until(id + " to complete", () -> harness.query.get(id).status() == RunStatus.COMPLETED);
        }
    }

    @Test
    void aRunWaitingForTheHostCanBeCancelledAndNeverStarts() {
        harness = new Harness(TestModules.module("demo"));
        harness.resources.set(new ResourceSnapshot(120L << 20, 16L << 30, 10.0, 100L << 30));

        Run waiting = launch();
        assertEquals("memory 120 MB free, under 256 MB", waiting.waitingFor());

        Run cancelled = harness.cancel.cancel(waiting.id());
        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertNull(cancelled.waitingFor());
        harness.resources.set(IDLE);
        launch();
        assertEquals(1, harness.launcher.specs().size());
        assertEquals(RunStatus.CANCELLED, harness.query.get(waiting.id()).status());
    }

    @Test
    void aDataDirShortOfSpaceHoldsRunsBack() {
        harness = new Harness(TestModules.module("demo"));
        harness.resources.set(new ResourceSnapshot(8L << 30, 16L << 30, 10.0, 300L << 20));

        Run run = launch();

        assertEquals(RunStatus.QUEUED, run.status());
        assertEquals("disk 300 MB free on the data dir, under 500 MB", run.waitingFor());
        assertFalse(harness.launcher.hasPendingLaunch());
    }

    @Test
    void theAnswerToALaunchIsTheRunAsAdmittedNeverItsEnd() {
        harness = new Harness(TestModules.module("demo"));
        harness.launcher.failLaunchesWith("no such interpreter");

        Run admitted = launch();

        assertEquals(RunStatus.QUEUED, admitted.status());
        assertNull(admitted.completedAt());
        Await.until("the launch error to be recorded",
                () -> harness.query.get(admitted.id()).status() == RunStatus.FAILED);
    }
}
