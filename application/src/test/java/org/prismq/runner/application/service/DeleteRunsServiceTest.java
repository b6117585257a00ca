package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryRunDeletion;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.port.in.DeleteRunsUseCase.DeleteRunsCommand;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.EndedRunsFilter;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

class DeleteRunsServiceTest {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    private static final ModuleId ALPHA = new ModuleId("alpha");

    private final InMemoryRuns runs = new InMemoryRuns();
    private final InMemoryLogStore logs = new InMemoryLogStore(runs);
    private final DeleteRunsService service = new DeleteRunsService(new InMemoryRunDeletion(runs, logs));

    @Test
    void namedEndedRunsAreDeletedWithTheirLogs() {
        Run done = ended("run-1");
        logs.append(done.id(), List.of(new LogEntry(1, T0, LogLevel.INFO, LogStream.STDOUT, "hello")));

        assertEquals(1, service.delete(new DeleteRunsCommand.Named(Set.of(done.id()))));
        assertTrue(runs.find(done.id()).isEmpty());
        assertEquals(0, logs.lastSeq(done.id()));
    }

    @Test
    void anActiveRunIsAConflictAndNothingIsDeleted() {
        Run done = ended("run-1");
        Run running = Run.queued(new RunId("run-2"), ALPHA, "Alpha", Map.of(), T0).start(T0);
        runs.add(running);

        RunnerException.RunActive refused = assertThrows(RunnerException.RunActive.class,
                () -> service.delete(new DeleteRunsCommand.Named(Set.of(done.id(), running.id()))));
        assertTrue(refused.getMessage().contains("run-2"), refused.getMessage());
        assertTrue(runs.find(done.id()).isPresent());
    }

    @Test
    void anUnknownRunIsNotFoundAndNothingIsDeleted() {
        Run done = ended("run-1");

        assertThrows(RunnerException.RunNotFound.class,
                () -> service.delete(new DeleteRunsCommand.Named(Set.of(done.id(), new RunId("run-404")))));
        assertTrue(runs.find(done.id()).isPresent());
    }

    @Test
    void aFilterDeletesTheEndedRunsItMatches() {
        ended("run-1");
        ended("run-2");

        assertEquals(2, service.delete(new DeleteRunsCommand.Matching(
                new EndedRunsFilter(ALPHA, RunStatus.COMPLETED, null))));
    }

    private Run ended(String id) {
        Run run = Run.queued(new RunId(id), ALPHA, "Alpha", Map.of(), T0).start(T0).exited(0, null, T0.plusSeconds(1));
        runs.add(run);
        return run;
    }
}
