package org.prismq.runner.application.port.in;

import org.prismq.runner.domain.run.RunId;

/** Follows a run's output: stored lines first, then live ones, then the end. */
public interface FollowLogsUseCase {

    /**
     * Opens a subscription positioned by {@code start}. The caller owns it and must close it.
     *
     * @throws RunnerException.RunNotFound for an unknown run
     */
    LogSubscription follow(RunId run, FollowStart start);

    /**
     * Whether the run has ended and {@code seq} is its last line (0 for a run that printed nothing) or past it: a
     * client resuming from there has nothing left to receive.
     *
     * @throws RunnerException.RunNotFound for an unknown run
     */
    boolean hasEndedAt(RunId run, long seq);
}
