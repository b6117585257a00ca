package org.prismq.runner.application.service;

import org.prismq.runner.application.execution.RunSupervisor;
import org.prismq.runner.application.port.in.QueryRunsUseCase;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;

/**
 * Reads runs from storage, showing active runs as the supervisor knows them now (their progress is saved to
 * storage only about once a second) and queued runs with what they wait for.
 */
public final class QueryRunsService implements QueryRunsUseCase {

    private final Runs runs;
    private final RunSupervisor supervisor;

    public QueryRunsService(Runs runs, RunSupervisor supervisor) {
        this.runs = runs;
        this.supervisor = supervisor;
    }

    @Override
    public Run get(RunId id) {
        return supervisor.latest(id).orElseThrow(() -> new RunnerException.RunNotFound(id));
    }

    @Override
    public RunPage list(RunFilter filter, int limit, int offset) {
        RunPage page = runs.list(filter, limit, offset);
        return new RunPage(page.runs().stream()
                .map(run -> supervisor.activeRun(run.id()).orElseGet(() -> supervisor.shown(run)))
                .toList(), page.total());
    }

    @Override
    public int activeCount() {
        return supervisor.activeCount();
    }
}
