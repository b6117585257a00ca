package org.prismq.runner.application.port.out;

import java.time.Duration;

/**
 * Stops what an earlier life of the service left running of a run, found again by the {@link ProcessIdentity}
 * recorded when the run started. Called on start, before such runs are recorded failed.
 */
@FunctionalInterface
public interface ProcessReaper {

    /**
     * Stops every process left of the run that {@code identity} names: a graceful request (SIGTERM on Linux and
     * macOS), up to {@code grace} for them to go, then a forced kill of what is left; the run's control group, if
     * any, is stopped as a whole and removed. A process whose start differs from the recorded one is another
     * process that reuses the pid, and is never touched; so is a pid recorded without a start. Returns once
     * nothing of the run is left, or after a bounded wait.
     */
    ReapOutcome reap(ProcessIdentity identity, Duration grace);
}
