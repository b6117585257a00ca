package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.SystemStatusUseCase.Health;
import org.prismq.runner.application.port.in.SystemStatusUseCase.SystemStats;
import org.prismq.runner.application.port.out.DatabaseSize;
import org.prismq.runner.application.port.out.StorageHealth;
import org.prismq.runner.application.port.out.ResourceSnapshot;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunStatus;

/** The health and figures of the service: runs counted from storage, active ones from the supervisor. */
class SystemStatusServiceTest {

    private final Harness harness = new Harness(Harness.settings(1, 10, 1000), TestModules.module("demo"),
            TestModules.module("other"), TestModules.module("idle"));
    private final SystemStatusService status = new SystemStatusService("1.2.3", harness.clock, harness.catalog,
            harness.runs, harness.nodeRuns, harness.resources, StorageHealth.ALWAYS_WRITABLE,
            () -> new DatabaseSize(8192, 4096));

    @AfterEach
    void close() {
        harness.close();
    }

    private Run launch(String module) {
        return harness.launch.launch(new LaunchRunCommand(new ModuleId(module), Map.of(), false));
    }

    private void awaitStatus(Run run, RunStatus expected) {
        Await.until(run.id() + " to be " + expected.wireName(),
                () -> harness.runs.find(run.id()).orElseThrow().status() == expected);
    }

    @Test
    void healthCountsTheRunsRunningAndQueuedTheModulesAndTheTimeSinceStart() throws Exception {
        harness.clock.advance(Duration.ofMillis(90_500));
        launch("demo");
        FakeProcess running = harness.launcher.nextLaunch();
        launch("other");

        Health health = status.health();

        assertEquals(new Health("1.2.3", 90.5, 2, 3), health);
        running.exit(0);
    }

    @Test
    void statsCountEndedRunsAndTellActiveModulesFromIdleOnes() throws Exception {
        Run completed = launch("demo");
        harness.launcher.nextLaunch().exit(0);
        awaitStatus(completed, RunStatus.COMPLETED);
        Run failed = launch("demo");
        harness.launcher.nextLaunch().exit(3);
        awaitStatus(failed, RunStatus.FAILED);
        launch("other");
        FakeProcess running = harness.launcher.nextLaunch();
        harness.resources.set(new ResourceSnapshot(4L << 30, 16L << 30, 12.5, 3L << 30));

        SystemStats stats = status.stats();

        assertEquals(3, stats.totalRuns());
        assertEquals(1, stats.successfulRuns());
        assertEquals(1, stats.failedRuns());
        assertEquals(100.0 / 3, stats.successRate(), 1e-9);
        assertEquals(3, stats.totalModules());
        assertEquals(1, stats.activeModules());
        assertEquals(2, stats.idleModules());
        assertEquals(12.5, stats.cpuPercent());
        assertEquals(75.0, stats.memoryPercent(), 1e-9);
        assertEquals(3.0, stats.diskFreeGb(), 1e-9);
        assertEquals(8192, stats.databaseSizeBytes());
        assertEquals(4096, stats.databaseFreeBytes());
        running.exit(0);
    }

    @Test
    void withoutRunsTheSuccessRateIsZeroAndAnUnknownDiskIsMinusOne() {
        harness.resources.set(new ResourceSnapshot(4L << 30, 16L << 30, 0, -1));

        SystemStats stats = status.stats();

        assertEquals(0, stats.totalRuns());
        assertEquals(0.0, stats.successRate());
        assertEquals(0, stats.activeModules());
        assertEquals(3, stats.idleModules());
        assertEquals(-1.0, stats.diskFreeGb());
    }
}
