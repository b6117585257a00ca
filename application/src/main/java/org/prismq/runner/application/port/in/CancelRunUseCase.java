package org.prismq.runner.application.port.in;

import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/** Cancels a queued or running run. */
@FunctionalInterface
public interface CancelRunUseCase {

    /**
     * Takes a queued run out of the queue, or stops a running one (graceful stop, then a forced kill of the whole
     * process tree after the grace period). Blocks until no process of the run is left.
     *
     * @return the run, now {@code cancelled} (or in the terminal state it reached on its own meanwhile)
     * @throws RunnerException.RunNotFound or RunNotActive
     */
    Run cancel(RunId id);
}
