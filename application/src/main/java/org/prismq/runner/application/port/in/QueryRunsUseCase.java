package org.prismq.runner.application.port.in;

import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;

/** Reads the registry of runs; an active run is shown with its latest progress. */
public interface QueryRunsUseCase {

    /** @throws RunnerException.RunNotFound for an unknown id */
    Run get(RunId id);

    /** Newest first. */
    RunPage list(RunFilter filter, int limit, int offset);

    /** How many runs are queued or running now. */
    int activeCount();
}
