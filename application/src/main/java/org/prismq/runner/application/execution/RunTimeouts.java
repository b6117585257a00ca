package org.prismq.runner.application.execution;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.prismq.runner.domain.catalog.ModuleDefinition;

/** The time limits of running runs, on one timer thread of the node. Thread-safe. */
final class RunTimeouts implements AutoCloseable {

    private final Duration defaultLimit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("prismq-run-timeouts").factory());

    /** @param defaultLimit the limit of a run whose module sets none */
    RunTimeouts(Duration defaultLimit) {
        this.defaultLimit = defaultLimit;
    }

    /** The time limit of a run of {@code module}. */
    Duration limitOf(ModuleDefinition module) {
        return module.timeoutSeconds() != null ? Duration.ofSeconds(module.timeoutSeconds()) : defaultLimit;
    }

    /** Runs {@code stop} once the run has had {@code limit}, unless the returned future is cancelled first. */
    Future<?> schedule(Duration limit, Runnable stop) {
        try {
            return timer.schedule(stop, limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The service is closing: the shutdown stops this run; a time limit no longer matters.
            return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
