package org.prismq.runner.application.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import org.prismq.runner.application.output.LiveOutput;
import org.prismq.runner.application.output.OutputCapture;
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
    enum StopReason {
        NONE, CANCEL, TIMEOUT, SHUTDOWN,
        /** The other nodes took this node out as dead and recorded the run as failed: the record is theirs. */
        LOST
    }

    private final ModuleDefinition module;
    private final LiveOutput output;
    private final CompletableFuture<Run> finished = new CompletableFuture<>();

    private Run run;
    private ParameterValues values;
    private OutputCapture capture;
    private RunningProcess process;
    private StopReason stopReason = StopReason.NONE;
    private Future<?> timeout;
    private Instant progressSavedAt = Instant.EPOCH;

    /**
     * @param module the module to run; {@code null} when this node's catalog does not have it (the run then fails)
     * @param values the checked values, or {@code null} until {@link #values(ParameterValues)} sets them
     */
    ActiveRun(Run run, ModuleDefinition module, ParameterValues values, LiveOutput output) {
        this.run = run;
        this.module = module;
        this.values = values;
        this.output = output;
    }

    ModuleDefinition module() {
        return module;
    }

    /** The values the run's arguments are made of; {@code null} until they are known. */
    synchronized ParameterValues values() {
        return values;
    }

    /** Sets the values of a run that was checked elsewhere, once checked here. */
    synchronized void values(ParameterValues checked) {
        this.values = checked;
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
