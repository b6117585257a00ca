package org.prismq.runner.adapters.persistence.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.execution.NodeMode;
import org.prismq.runner.application.execution.RunEngine;
import org.prismq.runner.application.execution.RunSupervisor;
import org.prismq.runner.application.execution.RunnerSettings;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher;
import org.prismq.runner.application.fakes.ScriptedProcessLauncher.FakeProcess;
import org.prismq.runner.application.fakes.StaticCatalog;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterValues;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The run engine on a SQLite database that fills up ({@code PRAGMA max_page_count}, SQLite's own size limit, which
 * fails exactly as a full disk does) while a module prints, and gets room again: the run ends failed saying why,
 * its end is recorded once there is room, and everything works again without a restart. (A launch refused while
 * full, and the end recorded late, are not checked here: a run's small record may still fit in the pages the limit
 * leaves; {@code StorageFailureTest} in the application covers them.)
 */
class SqliteFullEngineTest {

    private static final ModuleDefinition DEMO = TestModules.module("demo");

    @TempDir
    Path temp;

    @Test
    void aModuleOutputThatDoesNotFitEndsTheRunFailedAndTheEngineWorksAgainOnceThereIsRoom() throws Exception {
        ScriptedProcessLauncher launcher = new ScriptedProcessLauncher();
        RunnerSettings settings = new RunnerSettings(2, 10, Duration.ofHours(1), Duration.ofSeconds(5), 10_000,
                8L << 20, 256, 95);
        try (SqliteDatabase database = SqliteDatabase.open(temp)) {
            JdbcRuns runs = new JdbcRuns(database);
            try (RunEngine engine = RunEngine.builder(runs, new BlockLogStore(database), launcher,
                    StaticCatalog.of(DEMO), Clock.systemUTC(), settings, NodeMode.standalone(runs)).build()) {
                engine.recover();
                engine.start();
                RunSupervisor supervisor = engine.supervisor();
                BlockLogStore logs = new BlockLogStore(database);

                Run run = submit(supervisor, 1);
                FakeProcess process = launcher.nextLaunch();
                process.print(LogStream.STDOUT, "before the disk filled");
                Await.until("the first line stored", () -> logs.lastSeq(run.id()) == 1);

                SqliteFileLimit.limitToCurrentSize(database);
                process.print(LogStream.STDOUT, IntStream.range(0, 20_000)
                        .mapToObj(i -> "line " + i + " " + "x".repeat(100)).toArray(String[]::new));
                Await.until("the run to end", () -> !engine.nodeRuns().latest(run.id()).orElseThrow().isActive());
                Run ended = engine.nodeRuns().latest(run.id()).orElseThrow();
                assertEquals(RunStatus.FAILED, ended.status());
                assertTrue(ended.errorMessage().startsWith("storing the output failed, so the run was stopped: "),
                        ended.errorMessage());
                assertTrue(ended.errorMessage().contains("are full"), ended.errorMessage());
                assertTrue(ended.errorMessage().endsWith("20000 lines were not stored"), ended.errorMessage());
                assertEquals(1, logs.lastSeq(run.id()));

                SqliteFileLimit.makeRoom(database);
                Await.until("the end recorded", () -> runs.find(run.id()).orElseThrow().status()
                        == RunStatus.FAILED);
                assertEquals(ended.errorMessage(), runs.find(run.id()).orElseThrow().errorMessage());
                Run next = submit(supervisor, 3);
                FakeProcess nextProcess = launcher.nextLaunch();
                nextProcess.print(LogStream.STDOUT, "stored again");
                nextProcess.exit(0);
                Await.until("the next run completed", () -> runs.find(next.id()).orElseThrow().status()
                        == RunStatus.COMPLETED);
                assertEquals(1, logs.lastSeq(next.id()));
                assertTrue(database.state().writable());
            }
        }
    }

    private static Run submit(RunSupervisor supervisor, int n) {
        return supervisor.submit(id(n), DEMO, ParameterValues.resolve(DEMO, Map.of(), Map.of()),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static RunId id(int n) {
        return new RunId("run_20261206_080000_demo_0000000" + n);
    }
}
