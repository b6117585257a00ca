package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.EndedRunsFilter;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * What every {@link RunDeletion} must do. A subclass supplies fresh, empty stores on one database: the deletion,
 * the registry of runs it deletes from and the log store whose lines go with them.
 */
public abstract class RunDeletionContract {

    protected static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    protected static final ModuleId ALPHA = new ModuleId("alpha");
    protected static final ModuleId BETA = new ModuleId("beta");

    /** The stores a test works on, all on one database. */
    public record Stores(Runs runs, LogStore logStore, RunDeletion deletion) {
    }

    protected Runs runs;
    protected LogStore logs;
    protected RunDeletion deletion;

    /** New, empty stores on one database. */
    protected abstract Stores newStores();

    @BeforeEach
    void createStores() {
        Stores stores = newStores();
        runs = stores.runs();
        logs = stores.logStore();
        deletion = stores.deletion();
    }

    @Test
    public void namedEndedRunsAreDeletedWithTheirLines() {
        Run done = ended("run-1", ALPHA, T0, RunStatus.COMPLETED);
        Run failed = ended("run-2", ALPHA, T0.plusSeconds(1), RunStatus.FAILED);
        Run kept = ended("run-3", ALPHA, T0.plusSeconds(2), RunStatus.CANCELLED);
        withLines(done, 3000);
        withLines(failed, 5);
        withLines(kept, 5);

        assertEquals(new RunDeletion.Outcome.Deleted(2), deletion.deleteNamed(ids(done, failed)));

        assertTrue(runs.find(done.id()).isEmpty());
        assertTrue(runs.find(failed.id()).isEmpty());
        assertEquals(0, logs.lastSeq(done.id()));
        assertEquals(List.of(), logs.read(done.id(), 0, 10));
        assertEquals(5, logs.lastSeq(kept.id()));
        assertEquals(List.of(kept.id()), listed());
    }

    @Test
    public void namingAnActiveRunDeletesNothing() {
        Run done = ended("run-1", ALPHA, T0, RunStatus.COMPLETED);
        Run running = recorded(queued("run-2", ALPHA, T0.plusSeconds(1)).start(T0.plusSeconds(2)));
        withLines(done, 5);

        assertEquals(new RunDeletion.Outcome.Active(running.id(), RunStatus.RUNNING),
                deletion.deleteNamed(ids(done, running)));

        assertEquals(List.of(running.id(), done.id()), listed());
        assertEquals(5, logs.lastSeq(done.id()));
    }

    @Test
    public void namingAQueuedRunDeletesNothing() {
        Run done = ended("run-1", ALPHA, T0, RunStatus.COMPLETED);
        Run queued = recorded(queued("run-2", BETA, T0.plusSeconds(1)));

        assertEquals(new RunDeletion.Outcome.Active(queued.id(), RunStatus.QUEUED),
                deletion.deleteNamed(ids(done, queued)));

        assertEquals(List.of(queued.id(), done.id()), listed());
    }

    @Test
    public void namingAnUnknownRunDeletesNothing() {
        Run done = ended("run-1", ALPHA, T0, RunStatus.COMPLETED);
        RunId unknown = new RunId("run-404");

        Set<RunId> named = new LinkedHashSet<>(List.of(done.id(), unknown));
        assertEquals(new RunDeletion.Outcome.Unknown(unknown), deletion.deleteNamed(named));

        assertEquals(List.of(done.id()), listed());
    }

    @Test
    public void aFilterDeletesOnlyTheEndedRunsItMatches() {
        Run oldAlpha = ended("run-1", ALPHA, T0, RunStatus.COMPLETED);
        Run oldAlphaFailed = ended("run-2", ALPHA, T0.plusSeconds(1), RunStatus.FAILED);
        Run oldBeta = ended("run-3", BETA, T0.plusSeconds(2), RunStatus.COMPLETED);
        Run newAlpha = ended("run-4", ALPHA, T0.plusSeconds(100), RunStatus.COMPLETED);
        Run activeAlpha = recorded(queued("run-5", ALPHA, T0.plusSeconds(3)).start(T0.plusSeconds(3)));
        withLines(oldAlpha, 10);
        // oldAlpha ended at T0 + 60 s, newAlpha at T0 + 160 s.
        Instant between = T0.plusSeconds(100);

        assertEquals(1, deletion.deleteMatching(new EndedRunsFilter(ALPHA, RunStatus.COMPLETED, between)));
        assertEquals(List.of(newAlpha.id(), activeAlpha.id(), oldBeta.id(), oldAlphaFailed.id()), listed());
        assertEquals(0, logs.lastSeq(oldAlpha.id()));

        assertEquals(2, deletion.deleteMatching(new EndedRunsFilter(null, null, between)));
        assertEquals(List.of(newAlpha.id(), activeAlpha.id()), listed());

        assertEquals(1, deletion.deleteMatching(new EndedRunsFilter(ALPHA, null, null)));
        assertEquals(List.of(activeAlpha.id()), listed());
    }

    @Test
    public void anEndTimeFilterIsStrict() {
        Run done = ended("run-1", ALPHA, T0, RunStatus.COMPLETED);

        assertEquals(0, deletion.deleteMatching(new EndedRunsFilter(null, null, done.completedAt())));
        assertEquals(1, deletion.deleteMatching(new EndedRunsFilter(null, null, done.completedAt().plusNanos(1000))));
    }

    @Test
    public void deletingTwiceIsHarmless() {
        ended("run-1", ALPHA, T0, RunStatus.COMPLETED);
        EndedRunsFilter filter = new EndedRunsFilter(ALPHA, null, null);

        assertEquals(1, deletion.deleteMatching(filter));
        assertEquals(0, deletion.deleteMatching(filter));
        assertEquals(0, deletion.deleteAllButNewest(0));
    }

    @Test
    public void theNewestEndedRunsOfEachModuleAreKept() {
        List<Run> alpha = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            alpha.add(ended("run-a" + i, ALPHA, T0.plusSeconds(i), RunStatus.COMPLETED));
        }
        Run beta = ended("run-b0", BETA, T0, RunStatus.FAILED);
        Run activeAlpha = recorded(queued("run-a9", ALPHA, T0.plusSeconds(9)));
        withLines(alpha.getFirst(), 5);

        assertEquals(2, deletion.deleteAllButNewest(2));

        assertEquals(List.of(activeAlpha.id(), alpha.get(3).id(), alpha.get(2).id(), beta.id()), listed());
        assertEquals(0, logs.lastSeq(alpha.getFirst().id()));
        assertEquals(3, deletion.deleteAllButNewest(0));
        assertEquals(List.of(activeAlpha.id()), listed());
    }

    @Test
    public void runsRecordedAfterADeletionKeepTheirOwnLines() {
        Run done = ended("run-1", ALPHA, T0, RunStatus.COMPLETED);
        withLines(done, 5);
        deletion.deleteNamed(Set.of(done.id()));

        Run next = ended("run-2", ALPHA, T0.plusSeconds(1), RunStatus.COMPLETED);
        withLines(next, 3);

        assertEquals(3, logs.lastSeq(next.id()));
        assertEquals(0, logs.lastSeq(done.id()));
    }

    @Test
    public void namingNothingDeletesNothing() {
        ended("run-1", ALPHA, T0, RunStatus.COMPLETED);

        assertEquals(new RunDeletion.Outcome.Deleted(0), deletion.deleteNamed(Set.of()));
        assertEquals(1, listed().size());
    }

    /** A run that ended with {@code status} 60 s after {@code createdAt}. */
    protected Run ended(String id, ModuleId module, Instant createdAt, RunStatus status) {
        Run started = queued(id, module, createdAt).start(createdAt.plusSeconds(1));
        Instant end = createdAt.plusSeconds(60);
        return recorded(switch (status) {
            case COMPLETED -> started.exited(0, null, end);
            case FAILED -> started.exited(1, "exit code 1", end);
            case CANCELLED -> started.cancel(null, end);
            default -> throw new IllegalArgumentException(status + " is not a final status");
        });
    }

    protected Run recorded(Run run) {
        runs.add(run);
        return run;
    }

    /** Stores {@code count} lines of {@code run}, in batches as the service would. */
    protected void withLines(Run run, int count) {
        List<LogEntry> batch = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            batch.add(new LogEntry(seq, T0, LogLevel.INFO, LogStream.STDOUT, "line " + seq + " of " + run.id()
                    + " with some text to take room"));
            if (batch.size() == 1000 || seq == count) {
                logs.append(run.id(), batch);
                batch = new ArrayList<>();
            }
        }
    }

    private List<RunId> listed() {
        return runs.list(RunFilter.ALL, 100, 0).runs().stream().map(Run::id).toList();
    }

    private static Run queued(String id, ModuleId module, Instant createdAt) {
        return Run.queued(new RunId(id), module, "Module " + module.value(), Map.of(), createdAt);
    }

    private static Set<RunId> ids(Run... named) {
        Set<RunId> ids = new LinkedHashSet<>();
        for (Run run : named) {
            ids.add(run.id());
        }
        return ids;
    }
}
