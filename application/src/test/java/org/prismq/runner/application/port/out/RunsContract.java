package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prismq.runner.application.port.out.ParameterAssertions.assertSameParameters;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.ModuleRunStats;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;
import org.prismq.runner.domain.run.RunStatus;

/**
 * What every {@link Runs} must do. A subclass supplies a fresh, empty registry per test; callers give
 * instants truncated to microseconds, so that is the precision asked of a store.
 */
public abstract class RunsContract {

    protected static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    protected static final ModuleId ALPHA = new ModuleId("alpha");
    protected static final ModuleId BETA = new ModuleId("beta");

    private Runs runs;

    /** A new registry that holds no run. */
    protected abstract Runs newRuns();

    @BeforeEach
    void createRegistry() {
        runs = newRuns();
    }

    @Test
    public void addedRunIsFoundWithEveryField() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("topic", "rivers");
        parameters.put("count", 10);
        Run run = queued("run-1", ALPHA, T0, parameters)
                .start(T0.plusMillis(1500))
                .withProgress(new Progress(42.5, 17L, 40L))
                .exited(3, "exit code 3: boom", T0.plusSeconds(60).plusNanos(789_000));
        runs.add(run);

        assertSameRun(run, runs.find(run.id()).orElseThrow());
    }

    @Test
    public void absentFieldsComeBackAbsent() {
        Run run = queued("run-1", ALPHA, T0, Map.of());
        runs.add(run);

        Run found = runs.find(run.id()).orElseThrow();
        assertSameRun(run, found);
        assertEquals(Progress.NONE, found.progress());
        assertEquals(Map.of(), found.parameters());
    }

    @Test
    public void progressWithOnlyItemCountsComesBackWithoutPercent() {
        Run run = queued("run-1", ALPHA, T0, Map.of()).start(T0).withProgress(new Progress(null, 3L, null));
        runs.add(run);

        assertEquals(new Progress(null, 3L, null), runs.find(run.id()).orElseThrow().progress());
    }

    @Test
    public void parametersKeepTheirKindsValuesAndOrder() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("zeta", "last letter first");
        parameters.put("count", 10);
        parameters.put("big", 9_000_000_000L);
        parameters.put("ratio", 2.5);
        parameters.put("whole_decimal", 10.0);
        parameters.put("negative", -7);
        parameters.put("verbose", true);
        parameters.put("dry_run", false);
        parameters.put("digits", "10");
        parameters.put("empty", "");
        parameters.put("unicode", "Ünïcödé \"quoted\" \\ 🚀");
        parameters.put("alpha", "a");
        Run run = queued("run-1", ALPHA, T0, parameters);
        runs.add(run);

        assertSameParameters(parameters, runs.find(run.id()).orElseThrow().parameters());
    }

    @Test
    public void timestampsComeBackToTheMicrosecond() {
        Instant created = Instant.parse("1999-12-31T23:59:59.999999Z");
        Run run = queued("run-1", ALPHA, created, Map.of())
                .start(Instant.parse("2000-01-01T00:00:00.000001Z"))
                .cancel(null, Instant.parse("2038-01-19T03:14:08.500001Z"));
        runs.add(run);

        Run found = runs.find(run.id()).orElseThrow();
        assertEquals(run.createdAt(), found.createdAt());
        assertEquals(run.startedAt(), found.startedAt());
        assertEquals(run.completedAt(), found.completedAt());
    }

    @Test
    public void updateReplacesTheSnapshot() {
        Run queued = queued("run-1", ALPHA, T0, Map.of("n", 1));
        runs.add(queued);
        Run running = queued.start(T0.plusSeconds(1)).withProgress(new Progress(10.0, 1L, 10L));
        runs.update(running);
        assertSameRun(running, runs.find(queued.id()).orElseThrow());

        Run completed = running.withProgress(new Progress(100.0, 10L, 10L)).exited(0, null, T0.plusSeconds(9));
        runs.update(completed);
        assertSameRun(completed, runs.find(queued.id()).orElseThrow());
    }

    @Test
    public void updateCanClearAFieldAgain() {
        Run withProgress = queued("run-1", ALPHA, T0, Map.of()).start(T0).withProgress(new Progress(5.0, 1L, 20L));
        runs.add(withProgress);
        runs.update(withProgress.withProgress(Progress.NONE));

        assertEquals(Progress.NONE, runs.find(withProgress.id()).orElseThrow().progress());
    }

    @Test
    public void addingAnIdAlreadyRecordedIsIllegalAndKeepsTheFirst() {
        Run first = queued("run-1", ALPHA, T0, Map.of());
        runs.add(first);

        assertThrows(IllegalStateException.class,
                () -> runs.add(new Run(first.id(), BETA, "Other", RunStatus.QUEUED, T0.plusSeconds(5), null, null,
                        Progress.NONE, null, null, Map.of())));
        assertSameRun(first, runs.find(first.id()).orElseThrow());
    }

    @Test
    public void aRecordedFinalStatusNeverChanges() {
        Run running = queued("run-1", ALPHA, T0, Map.of()).start(T0.plusSeconds(1));
        runs.add(running);
        Run failed = running.fail("the service stopped while the run was active", null, T0.plusSeconds(2));
        assertTrue(runs.update(failed));

        Run completedLater = running.exited(0, null, T0.plusSeconds(20));
        assertFalse(runs.update(completedLater));
        assertFalse(runs.update(running.withProgress(new Progress(50.0, 1L, 2L))));
        assertSameRun(failed, runs.find(running.id()).orElseThrow());
    }

    @Test
    public void updatingAnUnknownRunIsIllegal() {
        assertThrows(IllegalStateException.class, () -> runs.update(queued("run-1", ALPHA, T0, Map.of())));
        assertTrue(runs.find(new RunId("run-1")).isEmpty());
    }

    @Test
    public void anUnknownRunIsNotFound() {
        runs.add(queued("run-1", ALPHA, T0, Map.of()));

        assertTrue(runs.find(new RunId("run-2")).isEmpty());
    }

    @Test
    public void listShowsNewestFirstWithTiesBrokenByIdDescending() {
        runs.add(queued("run-b", ALPHA, T0, Map.of()));
        runs.add(queued("run-old", ALPHA, T0.minusSeconds(1), Map.of()));
        runs.add(queued("run-new", BETA, T0.plusNanos(1000), Map.of()));
        runs.add(queued("run-a", BETA, T0, Map.of()));
        runs.add(queued("run-c", ALPHA, T0, Map.of()));

        RunPage page = runs.list(RunFilter.ALL, 10, 0);

        assertEquals(List.of("run-new", "run-c", "run-b", "run-a", "run-old"), ids(page.runs()));
        assertEquals(5, page.total());
    }

    @Test
    public void listFiltersCombineModuleAndStatus() {
        runs.add(queued("a-queued", ALPHA, T0, Map.of()));
        runs.add(queued("a-running", ALPHA, T0.plusSeconds(1), Map.of()).start(T0.plusSeconds(2)));
        runs.add(queued("a-running-2", ALPHA, T0.plusSeconds(3), Map.of()).start(T0.plusSeconds(4)));
        runs.add(queued("b-running", BETA, T0.plusSeconds(5), Map.of()).start(T0.plusSeconds(6)));

        assertEquals(List.of("a-running-2", "a-running", "a-queued"),
                ids(runs.list(new RunFilter(ALPHA, null), 10, 0).runs()));
        assertEquals(List.of("b-running", "a-running-2", "a-running"),
                ids(runs.list(new RunFilter(null, RunStatus.RUNNING), 10, 0).runs()));
        RunPage both = runs.list(new RunFilter(ALPHA, RunStatus.RUNNING), 10, 0);
        assertEquals(List.of("a-running-2", "a-running"), ids(both.runs()));
        assertEquals(2, both.total());
        RunPage none = runs.list(new RunFilter(BETA, RunStatus.QUEUED), 10, 0);
        assertEquals(List.of(), none.runs());
        assertEquals(0, none.total());
    }

    @Test
    public void listPagesWithLimitAndOffsetAndCountsEveryMatch() {
        for (int i = 0; i < 7; i++) {
            runs.add(queued("run-" + i, ALPHA, T0.plusSeconds(i), Map.of()));
        }
        runs.add(queued("other", BETA, T0.plusSeconds(100), Map.of()));
        RunFilter alpha = new RunFilter(ALPHA, null);

        RunPage first = runs.list(alpha, 3, 0);
        RunPage second = runs.list(alpha, 3, 3);
        RunPage last = runs.list(alpha, 3, 6);
        RunPage beyond = runs.list(alpha, 3, 50);

        assertEquals(List.of("run-6", "run-5", "run-4"), ids(first.runs()));
        assertEquals(List.of("run-3", "run-2", "run-1"), ids(second.runs()));
        assertEquals(List.of("run-0"), ids(last.runs()));
        assertEquals(List.of(), beyond.runs());
        for (RunPage page : List.of(first, second, last, beyond)) {
            assertEquals(7, page.total());
        }
    }

    @Test
    public void listWithLimitZeroCountsOnly() {
        runs.add(queued("run-1", ALPHA, T0, Map.of()));
        runs.add(queued("run-2", ALPHA, T0, Map.of()));

        RunPage page = runs.list(RunFilter.ALL, 0, 0);

        assertEquals(List.of(), page.runs());
        assertEquals(2, page.total());
    }

    @Test
    public void listRejectsANegativeLimitOrOffset() {
        assertThrows(IllegalArgumentException.class, () -> runs.list(RunFilter.ALL, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> runs.list(RunFilter.ALL, 10, -1));
    }

    @Test
    public void activeListsQueuedAndRunningRunsOldestFirst() {
        runs.add(queued("late-queued", ALPHA, T0.plusSeconds(9), Map.of()));
        runs.add(queued("running", BETA, T0.plusSeconds(1), Map.of()).start(T0.plusSeconds(2)));
        runs.add(queued("done", ALPHA, T0, Map.of()).start(T0).exited(0, null, T0.plusSeconds(1)));
        runs.add(queued("failed", ALPHA, T0, Map.of()).fail("no python", null, T0.plusSeconds(1)));
        runs.add(queued("cancelled", ALPHA, T0, Map.of()).cancel(null, T0.plusSeconds(1)));
        runs.add(queued("early-b", ALPHA, T0, Map.of()));
        runs.add(queued("early-a", BETA, T0, Map.of()));

        assertEquals(List.of("early-a", "early-b", "running", "late-queued"), ids(runs.active()));
    }

    @Test
    public void activeIsEmptyWithoutRuns() {
        assertEquals(List.of(), runs.active());
    }

    @Test
    public void statsCountRunsPerModuleWithTheNewestCreationTime() {
        runs.add(queued("a1", ALPHA, T0, Map.of()).start(T0).exited(0, null, T0.plusSeconds(1)));
        runs.add(queued("a2", ALPHA, T0.plusSeconds(10), Map.of()).start(T0.plusSeconds(10))
                .exited(2, "exit 2", T0.plusSeconds(11)));
        runs.add(queued("a3", ALPHA, T0.plusSeconds(5), Map.of()).start(T0.plusSeconds(5)));
        runs.add(queued("a4", ALPHA, T0.plusSeconds(7), Map.of()).start(T0.plusSeconds(7))
                .exited(0, null, T0.plusSeconds(8)));
        runs.add(queued("b1", BETA, T0.plusSeconds(3), Map.of()).cancel(null, T0.plusSeconds(4)));

        Map<ModuleId, ModuleRunStats> stats = runs.statsByModule();

        assertEquals(Map.of(
                ALPHA, new ModuleRunStats(4, 2, 1, T0.plusSeconds(10)),
                BETA, new ModuleRunStats(1, 0, 0, T0.plusSeconds(3))), stats);
    }

    @Test
    public void statsFollowUpdates() {
        Run run = queued("a1", ALPHA, T0, Map.of()).start(T0);
        runs.add(run);
        runs.update(run.exited(0, null, T0.plusSeconds(1)));

        assertEquals(new ModuleRunStats(1, 1, 0, T0), runs.statsByModule().get(ALPHA));
    }

    @Test
    public void statsAreEmptyWithoutRuns() {
        assertEquals(Map.of(), runs.statsByModule());
    }

    /** A queued run of {@code module} named after its id. */
    protected static Run queued(String id, ModuleId module, Instant createdAt, Map<String, Object> parameters) {
        return Run.queued(new RunId(id), module, "Module " + module.value(), parameters, createdAt);
    }

    /** Every field equal, parameters compared as {@link ParameterAssertions} does. */
    protected static void assertSameRun(Run expected, Run actual) {
        assertEquals(expected.id(), actual.id(), "id");
        assertEquals(expected.moduleId(), actual.moduleId(), "moduleId");
        assertEquals(expected.moduleName(), actual.moduleName(), "moduleName");
        assertEquals(expected.status(), actual.status(), "status");
        assertEquals(expected.createdAt(), actual.createdAt(), "createdAt");
        assertEquals(expected.startedAt(), actual.startedAt(), "startedAt");
        assertEquals(expected.completedAt(), actual.completedAt(), "completedAt");
        assertEquals(expected.progress(), actual.progress(), "progress");
        assertEquals(expected.exitCode(), actual.exitCode(), "exitCode");
        assertEquals(expected.errorMessage(), actual.errorMessage(), "errorMessage");
        assertSameParameters(expected.parameters(), actual.parameters());
    }

    private static List<String> ids(List<Run> runs) {
        return runs.stream().map(run -> run.id().value()).toList();
    }
}
