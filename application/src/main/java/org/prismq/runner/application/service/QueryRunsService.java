package org.prismq.runner.application.service;

import org.prismq.runner.application.execution.NodeRuns;
import org.prismq.runner.application.port.in.QueryRunsUseCase;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;

/**
 * Reads runs from storage, showing active runs as this node knows them now (their progress is saved to
 * storage only about once a second) and queued runs with what they wait for.
 */
public final class QueryRunsService implements QueryRunsUseCase {

    private final Runs runs;
    private final NodeRuns nodeRuns;

    public QueryRunsService(Runs runs, NodeRuns nodeRuns) {
        this.runs = runs;
        this.nodeRuns = nodeRuns;
    }

    @Override
    public Run get(RunId id) {
        return nodeRuns.latest(id).orElseThrow(() -> new RunnerException.RunNotFound(id));
    }

    @Override
    public RunPage list(RunFilter filter, int limit, int offset) {
        RunPage page = runs.list(filter, limit, offset);
        return new RunPage(page.runs().stream()
                .map(nodeRuns::latest)
                .toList(), page.total());
    }

    @Override
    public int activeCount() {
        return nodeRuns.activeCount();
    }
}
