package org.prismq.runner.domain.run;

import java.util.Set;

import org.prismq.runner.domain.WireNames;

/**
 * Where a run is in its life. A run starts {@link #QUEUED}, may become {@link #RUNNING}, and ends in
 * exactly one of the three terminal states; nothing leaves a terminal state.
 */
public enum RunStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The lower-case name used on the wire ({@code "queued"}, {@code "running"}, ...). */
    public String wireName() {
        return WireNames.of(this);
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} naming the value when unknown. */
    public static RunStatus fromWireName(String value) {
        return WireNames.parse(RunStatus.class, value, "run status");
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** Whether a run in this state may move to {@code next}. */
    public boolean canMoveTo(RunStatus next) {
        return switch (this) {
            // A queued run can fail without ever running: a launch error, or a restart that found it.
            case QUEUED -> Set.of(RUNNING, FAILED, CANCELLED).contains(next);
            case RUNNING -> Set.of(COMPLETED, FAILED, CANCELLED).contains(next);
            case COMPLETED, FAILED, CANCELLED -> false;
        };
    }
}
