package org.prismq.runner.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterValues;
import org.prismq.runner.domain.run.Run;

/**
 * A queued or running run as the supervisor tracks it: the latest snapshot, its live output, its process once
 * started, and why it is being stopped. Thread-safe.
 */
final class ActiveRun {

    /** Why a run is being stopped; the first reason given wins. */
    enum StopReason { NONE, CANCEL, TIMEOUT, SHUTDOWN }

    private final ModuleDefinition module;
    private final ParameterValues values;
    private final LiveOutput output;
    private final CompletableFuture<Run> finished = new CompletableFuture<>();

    private Run run;
    private OutputCapture capture;
    private RunningProcess process;
    private StopReason stopReason = StopReason.NONE;
    private Future<?> timeout;
    private Instant progressSavedAt = Instant.EPOCH;

    ActiveRun(Run run, ModuleDefinition module, ParameterValues values, LiveOutput output) {
        this.run = run;
        this.module = module;
        this.values = values;
        this.output = output;
    }

    ModuleDefinition module() {
        return module;
    }

    ParameterValues values() {
        return values;
    }

    LiveOutput output() {
        return output;
    }

    /** Completes with the final snapshot once the run has ended and is recorded. */
    CompletableFuture<Run> finished() {
        return finished;
    }

    synchronized Run run() {
        return run;
    }

    synchronized Run update(UnaryOperator<Run> change) {
        run = change.apply(run);
        return run;
    }

    /** The capture that will receive the process's output; set before the process starts. */
    synchronized void capturing(OutputCapture outputCapture) {
        this.capture = outputCapture;
    }

    synchronized void started(RunningProcess startedProcess, Future<?> timer) {
        this.process = startedProcess;
        this.timeout = timer;
        if (finished.isDone()) {
            // The process ended before it was even recorded as started: its timer has nothing to stop.
            timer.cancel(false);
        }
    }

    synchronized OutputCapture capture() {
        return capture;
    }

    /** The process, or {@code null} before it has started. */
    synchronized RunningProcess process() {
        return process;
    }

    /** Records why the run is stopped, unless a reason was given before; returns the reason in force. */
    synchronized StopReason stop(StopReason reason) {
        if (stopReason == StopReason.NONE) {
            stopReason = reason;
        }
        return stopReason;
    }

    synchronized StopReason stopReason() {
        return stopReason;
    }

    synchronized void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /** Whether progress was last saved long enough ago to save it again at {@code now}. */
    synchronized boolean progressDue(Instant now, Duration interval) {
        if (now.isBefore(progressSavedAt.plus(interval))) {
            return false;
        }
        progressSavedAt = now;
        return true;
    }
}
