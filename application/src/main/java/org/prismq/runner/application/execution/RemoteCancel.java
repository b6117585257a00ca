package org.prismq.runner.application.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/** The wait of a cancel for the end of a run that another node executes, or that a node is just claiming. */
final class RemoteCancel {

    /** How often the wait looks whether the run has ended. */
    private static final Duration POLL = Duration.ofMillis(50);

    private final Runs runs;
    private final Duration bound;

    /** @param bound how long the wait lasts at most, as a cancel of a run executed here */
    RemoteCancel(Runs runs, Duration bound) {
        this.runs = runs;
        this.bound = bound;
    }

    /**
     * Waits until run {@code id} is recorded ended, or until {@code cancelHere} (asked each round) finds that this
     * node executes it now and cancels it; returns the run's latest record.
     *
     * @throws RunnerException.RunNotFound when the run is gone
     */
    Run awaitEnd(RunId id, Function<RunId, Optional<Run>> cancelHere) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Optional<Run> cancelled = cancelHere.apply(id);
            if (cancelled.isPresent()) {
                return cancelled.get();
            }
            Run run = runs.find(id).orElseThrow(() -> new RunnerException.RunNotFound(id));
            if (!run.isActive() || System.nanoTime() >= deadline) {
                return run;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return run;
            }
        }
    }
}
