package org.prismq.runner.domain.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.prismq.runner.domain.catalog.ModuleId;

/**
 * One execution of a module: an immutable snapshot. State changes return a new snapshot and refuse illegal
 * transitions with {@link IllegalRunTransitionException}.
 *
 * @param parameters the values the run was launched with, as they may be shown: secrets already masked.
 *                   Iteration order is the catalog's order. Values are strings, numbers or booleans.
 * @param startedAt    {@code null} until the run starts
 * @param completedAt  {@code null} until the run ends
 * @param exitCode     {@code null} until the process exits, and for runs that never started a process
 * @param errorMessage {@code null} unless the run failed (or was cancelled with something worth saying)
 * @param waitingFor   why a queued run waits for the host (short of CPU, memory or disk), as the node that shows
 *                     it judges now; {@code null} otherwise, and always for a run that is not queued. Not stored.
 */
public record Run(
        RunId id,
        ModuleId moduleId,
        String moduleName,
        RunStatus status,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Progress progress,
        Integer exitCode,
        String errorMessage,
        Map<String, Object> parameters,
        String waitingFor) {

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(moduleId, "moduleId");
        Objects.requireNonNull(moduleName, "moduleName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(parameters, "parameters");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        if (status == RunStatus.QUEUED && startedAt != null) {
            throw new IllegalArgumentException("a queued run has no start time");
        }
        if (status.isTerminal() != (completedAt != null)) {
            throw new IllegalArgumentException("a " + status.wireName()
                    + " run " + (status.isTerminal() ? "needs" : "has no") + " completion time");
        }
        if (waitingFor != null && status != RunStatus.QUEUED) {
            throw new IllegalArgumentException("only a queued run waits, this one is " + status.wireName());
        }
    }

    /** A run as stored: not waiting for the host. */
    public Run(RunId id, ModuleId moduleId, String moduleName, RunStatus status, Instant createdAt,
            Instant startedAt, Instant completedAt, Progress progress, Integer exitCode, String errorMessage,
            Map<String, Object> parameters) {
        this(id, moduleId, moduleName, status, createdAt, startedAt, completedAt, progress, exitCode, errorMessage,
                parameters, null);
    }

    /** A new run waiting for its turn. */
    public static Run queued(RunId id, ModuleId moduleId, String moduleName, Map<String, Object> parameters,
            Instant createdAt) {
        return new Run(id, moduleId, moduleName, RunStatus.QUEUED, createdAt, null, null, Progress.NONE, null,
                null, parameters);
    }

    public Run start(Instant at) {
        return moveTo(RunStatus.RUNNING, at, null, null, null);
    }

    /** The process exited on its own: {@code completed} for exit code 0, else {@code failed}. */
    public Run exited(int code, String failureMessage, Instant at) {
        return code == 0
                ? moveTo(RunStatus.COMPLETED, startedAt, at, code, null)
                : moveTo(RunStatus.FAILED, startedAt, at, code, failureMessage);
    }

    /** The run failed for a reason of its own (launch error, timeout, restart); the exit code may be null. */
    public Run fail(String message, Integer code, Instant at) {
        Objects.requireNonNull(message, "message");
        return moveTo(RunStatus.FAILED, startedAt, at, code, message);
    }

    /** The run was cancelled at a user's request. */
    public Run cancel(Integer code, Instant at) {
        return cancel(code, null, at);
    }

    /**
     * The run was cancelled; {@code reason} says why when it was not a user's request (a shutdown), else
     * {@code null}.
     */
    public Run cancel(Integer code, String reason, Instant at) {
        return moveTo(RunStatus.CANCELLED, startedAt, at, code, reason);
    }

    public Run withProgress(Progress newProgress) {
        return new Run(id, moduleId, moduleName, status, createdAt, startedAt, completedAt,
                Objects.requireNonNull(newProgress, "newProgress"), exitCode, errorMessage, parameters, waitingFor);
    }

    /**
     * This run shown waiting for the host for {@code reason} ({@code null}: not waiting); a run that is not queued
     * is returned as it is, since only a queued run waits.
     */
    public Run waitingFor(String reason) {
        if (status != RunStatus.QUEUED || Objects.equals(reason, waitingFor)) {
            return this;
        }
        return new Run(id, moduleId, moduleName, status, createdAt, startedAt, completedAt, progress, exitCode,
                errorMessage, parameters, reason);
    }

    /**
     * Seconds between start and end, or between start and {@code now} while running; {@code null} for a run
     * that never started.
     */
    public Double durationSeconds(Instant now) {
        if (startedAt == null) {
            return null;
        }
        Instant end = completedAt != null ? completedAt : now;
        return Duration.between(startedAt, end).toNanos() / 1e9;
    }

    public boolean isActive() {
        return !status.isTerminal();
    }

    private Run moveTo(RunStatus next, Instant start, Instant end, Integer code, String message) {
        if (!status.canMoveTo(next)) {
            throw new IllegalRunTransitionException(id, status, next);
        }
        return new Run(id, moduleId, moduleName, next, createdAt, start, end, progress, code, message,
                parameters);
    }
}
