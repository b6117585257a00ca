package org.prismq.runner.domain.run;

import java.util.Locale;
import java.util.Set;

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
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} naming the value when unknown. */
    public static RunStatus fromWireName(String value) {
        for (RunStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown run status '" + value
                + "' (expected one of queued, running, completed, failed, cancelled)");
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
