package org.prismq.runner.application.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.prismq.runner.application.output.LiveOutput;
import org.prismq.runner.application.output.OutputCapture;
import org.prismq.runner.application.port.out.RunningProcess;
import org.prismq.runner.application.port.out.StopOutcome;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ParameterValues;
import org.prismq.runner.domain.run.Run;

/**
 * A run this node has claimed, as the supervisor tracks it: the latest snapshot, its live output, what it was
 * checked against, its process once started, and why it is being stopped. Thread-safe.
 */
final class ActiveRun {

    /** Why a run is being stopped; the first reason given wins. */
    enum StopReason {
        NONE, CANCEL, TIMEOUT, SHUTDOWN,
        /** Storage failed to take the run's output. */
        STORAGE,
        /** The other nodes took this node out as dead and recorded the run as failed: the record is theirs. */
        LOST
    }

    private static final System.Logger LOG = System.getLogger(ActiveRun.class.getName());
    /** How often a running run's progress is saved to storage at most. */
    private static final Duration PROGRESS_SAVE_INTERVAL = Duration.ofSeconds(1);

    private final LiveOutput output;
    private final CompletableFuture<Run> finished = new CompletableFuture<>();
    private final ProgressThrottle progressSaves = new ProgressThrottle(PROGRESS_SAVE_INTERVAL);

    private Run run;
    private CheckedRun checked;
    private OutputCapture capture;
    private RunningProcess process;
    private StopReason stopReason = StopReason.NONE;
    private Future<?> timeout;
    private final CompletableFuture<StopOutcome> stopOutcome = new CompletableFuture<>();
    private boolean stopping;

    ActiveRun(Run run, LiveOutput output) {
        this.run = run;
        this.output = output;
    }

    /** The module and values the run starts with, once checked. */
    synchronized void checked(CheckedRun check) {
        this.checked = check;
    }

    /** The module the run was checked against; {@code null} before the check. */
    synchronized ModuleDefinition module() {
        return checked == null ? null : checked.module();
    }

    /** The values the run's arguments are made of; {@code null} before the check. */
    synchronized ParameterValues values() {
        return checked == null ? null : checked.values();
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

    /** Whether this call is the first to stop the process (so the caller stops it and reports the outcome). */
    synchronized boolean startStopping() {
        boolean first = !stopping;
        stopping = true;
        return first;
    }

    /** What the stop of the process achieved. */
    void stopped(StopOutcome outcome) {
        stopOutcome.complete(outcome);
    }

    /**
     * Hands {@code then} the processes that a stop could not stop, for the run's record
     * ({@link StopOutcome#describe}; empty when the process was not stopped, or all were): at once without a stop,
     * else once the stop under way has said (on its thread, which may be the caller's), or after {@code wait}.
     * Never blocks: a stop may report the exit before it returns.
     */
    void afterStop(Duration wait, Consumer<String> then) {
        synchronized (this) {
            if (!stopping) {
                then.accept("");
                return;
            }
        }
        stopOutcome.copy().completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS).thenAccept(outcome -> {
            if (outcome == null) {
                LOG.log(System.Logger.Level.WARNING, "the stop of " + run().id() + " did not say in time what "
                        + "it left");
            }
            then.accept(outcome == null ? "" : outcome.describe());
        });
    }

    synchronized void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    /** Whether the run's progress should be saved to storage at {@code now} (see {@link ProgressThrottle}). */
    boolean progressDue(Instant now) {
        return progressSaves.due(now);
    }

    /**
     * How the run's end is recorded once its process exited with {@code exitCode} at {@code now}: as the exit
     * says, or as the reason it was stopped for says ({@code limit} is its time limit).
     */
    UnaryOperator<Run> endAfterExit(int exitCode, Instant now, Duration limit) {
        OutputCapture output = capture();
        StopReason reason = stopReason();
        if (reason != StopReason.LOST && output.storageLoss().happened()) {
            // Whatever else happened, a run with lines missing from storage never passes for a whole one.
            String loss = output.storageLoss().describe();
            return ended -> ended.fail(loss, exitCode, now);
        }
        return switch (reason) {
            case CANCEL -> ended -> ended.cancel(exitCode, null, now);
            case SHUTDOWN -> ended -> ended.cancel(exitCode, EndMessages.SHUTDOWN, now);
            case LOST -> ended -> ended.fail(EndMessages.NODE_LOST, exitCode, now);
            case STORAGE -> ended -> ended.fail("storing the output failed, so the run was stopped", exitCode, now);
            case TIMEOUT -> ended -> ended.fail(output.withStderrTail("timed out after " + limit.toSeconds() + " s"),
                    exitCode, now);
            case NONE -> ended -> ended.exited(exitCode, output.withStderrTail("exited with code " + exitCode), now);
        };
    }

    /** Waits up to {@code wait} until the run has ended and is recorded; returns its latest snapshot. */
    Run awaitEnd(Duration wait) {
        try {
            return finished.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException notYet) {
            LOG.log(System.Logger.Level.WARNING, "run " + run().id() + " has not ended in time: " + notYet);
        }
        return run();
    }
}
