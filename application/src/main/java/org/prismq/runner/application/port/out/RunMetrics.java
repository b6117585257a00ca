package org.prismq.runner.application.port.out;

import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunStatus;

/**
 * What the engine tells monitoring about its work: runs started and ended, output captured and stored. Every
 * method has a no-op default: {@link #NONE} costs nothing, and a fake overrides only what it checks.
 * Implementations must be thread-safe, must not block and must not throw: they are called on the capture and store
 * threads of every run. The hot path calls them once per batch of lines, never per line.
 */
public interface RunMetrics {

    /** Tells nothing to anyone. */
    RunMetrics NONE = new RunMetrics() {
    };

    /** A run of {@code module} left the queue and its process is being started on this node. */
    default void runStarted(ModuleId module) {
    }

    /** A run of {@code module} that this node executed, or that left the queue without starting, has ended. */
    default void runEnded(ModuleId module, RunStatus status) {
    }

    /**
     * A batch of {@code lines} lines of one stream was captured.
     *
     * @param bytes their length in UTF-8, without line ends and trailing white space
     */
    default void linesCaptured(LogStream stream, int lines, long bytes) {
    }

    /**
     * A write of {@code lines} captured lines to storage took {@code nanos} (retries included); they have left
     * the store queue, stored or, after the retries failed, dropped from storage.
     */
    default void linesStored(int lines, long nanos) {
    }
}
