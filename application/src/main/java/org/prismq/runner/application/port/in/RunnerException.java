package org.prismq.runner.application.port.in;

import java.util.List;

import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ParameterError;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Every refusal a use case can answer with, one case per API error. Adapters map the cases exhaustively; the
 * message is for people and never holds a secret or a stack trace.
 */
public abstract sealed class RunnerException extends RuntimeException {

    private RunnerException(String message) {
        super(message, null, false, false);
    }

    public static final class ModuleNotFound extends RunnerException {
        public ModuleNotFound(ModuleId id) {
            super("module '" + id + "' not found");
        }
    }

    public static final class RunNotFound extends RunnerException {
        public RunNotFound(RunId id) {
            super("run '" + id + "' not found");
        }
    }

    public static final class InvalidParameters extends RunnerException {
        private final transient List<ParameterError> errors;

        public InvalidParameters(List<ParameterError> errors) {
            super("invalid parameters: " + String.join("; ", errors.stream().map(ParameterError::toString).toList()));
            this.errors = List.copyOf(errors);
        }

        public List<ParameterError> errors() {
            return errors;
        }
    }

    /** The module is {@code enabled: false} or in {@code maintenance}. */
    public static final class ModuleNotLaunchable extends RunnerException {
        public ModuleNotLaunchable(ModuleId id, String why) {
            super("module '" + id + "' cannot be launched: " + why);
        }
    }

    public static final class RunNotActive extends RunnerException {
        public RunNotActive(RunId id, RunStatus status) {
            super("run '" + id + "' is already " + status.wireName());
        }
    }

    /** A run named for deletion is still queued or running: cancel it first. */
    public static final class RunActive extends RunnerException {
        public RunActive(RunId id, RunStatus status) {
            super("run '" + id + "' is still " + status.wireName() + "; cancel it first, then delete it");
        }
    }

    public static final class QueueFull extends RunnerException {
        public QueueFull(int queueSize) {
            super("the wait queue is full (" + queueSize + " runs waiting); try again later");
        }
    }

    /**
     * Storage cannot write now (a full disk, a lost database server): the run was not accepted and nothing of it
     * is recorded. The message says why; it may pass by itself (space freed, the server back).
     */
    public static final class StorageUnavailable extends RunnerException {
        public StorageUnavailable(String reason) {
            super("storage cannot write now, so the run was not accepted: " + reason);
        }
    }

    /** A search's regular expression ran away on a line (catastrophic backtracking): the search gave up. */
    public static final class SearchTooSlow extends RunnerException {
        public SearchTooSlow(String detail) {
            super(detail + "; simplify the expression");
        }
    }

    /** The service is shutting down and takes no new runs. */
    public static final class ShuttingDown extends RunnerException {
        public ShuttingDown() {
            super("the service is shutting down and accepts no new runs");
        }
    }
}
