package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.execution.LeftoverProcesses;
import org.prismq.runner.application.execution.NodeMode;
import org.prismq.runner.application.execution.RunEngine;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryProcessRecords;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.StaticCatalog;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.out.ProcessIdentity;
import org.prismq.runner.application.port.out.ReapOutcome;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/** What a run's record says about the processes a stop, or a restart, could or could not stop. */
class StopReportsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    private final Harness harness = new Harness(TestModules.module("demo"));

    @AfterEach
    void close() {
        harness.close();
    }

    private Run launch() {
        return harness.launch.launch(new LaunchRunCommand(new ModuleId("demo"), Map.of(), false));
    }

    @Test
    void aCancelThatLeavesSurvivorsSaysWhichProcessesCouldNotBeStopped() throws Exception {
        Run run = launch();
        FakeProcess process = harness.launcher.nextLaunch();
        process.leaveSurvivors(List.of(4242L, 4343L));

        Run cancelled = harness.cancel.cancel(run.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertEquals("processes 4242, 4343 could not be stopped", cancelled.errorMessage());
        assertEquals(cancelled, harness.runs.find(run.id()).orElseThrow());
    }

    @Test
    void aCancelThatStopsEverythingSaysNothingMore() throws Exception {
        Run run = launch();
        harness.launcher.nextLaunch();

        Run cancelled = harness.cancel.cancel(run.id());

        assertEquals(RunStatus.CANCELLED, cancelled.status());
        assertNull(cancelled.errorMessage());
    }

    @Test
    void aCancelAnswersWithTheFinalStatusTheRecordHoldsWhenTheRunEndedAnotherWayFirst() throws Exception {
        Run run = launch();
        harness.launcher.nextLaunch();
        // Recorded final meanwhile by another writer (the nodes that took this one for dead, say).
        Run failedElsewhere = harness.runs.find(run.id()).orElseThrow().fail("recorded elsewhere", null, T0);
        harness.runs.update(failedElsewhere);

        Run answer = harness.cancel.cancel(run.id());

        assertEquals(failedElsewhere, answer);
        assertEquals(failedElsewhere, harness.runs.find(run.id()).orElseThrow());
        assertEquals(RunStatus.FAILED, harness.query.get(run.id()).status());
    }

    @Test
    void recoveryStopsTheLeftoverProcessesOfRunsAnEarlierLifeLeftActiveAndSaysSo() {
        InMemoryRuns runs = new InMemoryRuns();
        InMemoryProcessRecords records = new InMemoryProcessRecords(runs);
        Run running = Run.queued(new RunId("run_left_running"), new ModuleId("demo"), "demo", Map.of(), T0)
                .start(T0);
        Run queued = Run.queued(new RunId("run_left_queued"), new ModuleId("demo"), "demo", Map.of(), T0);
        runs.add(running);
        runs.add(queued);
        ProcessIdentity identity = new ProcessIdentity(12, T0, null);
        records.record(running.id(), identity);
        List<ProcessIdentity> reaped = new ArrayList<>();
        LeftoverProcesses leftovers = new LeftoverProcesses(records, (found, grace) -> {
            synchronized (reaped) {
                reaped.add(found);
            }
            return new ReapOutcome(List.of(12L, 34L), List.of(56L));
        }, Duration.ofSeconds(3));

        try (RunEngine engine = RunEngine.builder(runs, new InMemoryLogStore(), new ScriptedProcessLauncher(),
                StaticCatalog.of(TestModules.module("demo")), harness.clock, harness.settings,
                NodeMode.standalone(runs)).leftovers(leftovers).build()) {
            assertEquals(2, engine.recover());
        }

        assertEquals(List.of(identity), reaped);
        Run recovered = runs.find(running.id()).orElseThrow();
        assertEquals(RunStatus.FAILED, recovered.status());
        assertEquals("the service stopped while the run was active; its leftover processes 12, 34 were stopped; "
                + "process 56 could not be stopped", recovered.errorMessage());
        assertEquals("the service stopped while the run was active",
                runs.find(queued.id()).orElseThrow().errorMessage());
    }
}
