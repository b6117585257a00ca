package org.prismq.runner.application.execution;

import java.time.Duration;
import java.time.Instant;

/**
 * How often a run's progress is saved: every change is shown at once to whoever asks this node, but saved to
 * storage at most once per interval, so that a module printing many progress markers does not write for each.
 * Thread-safe.
 */
final class ProgressThrottle {

    private final Duration interval;
    private Instant savedAt = Instant.EPOCH;

    ProgressThrottle(Duration interval) {
        this.interval = interval;
    }

    /** Whether progress was last saved long enough ago to save it again at {@code now}; if so, it counts as saved. */
    synchronized boolean due(Instant now) {
        if (now.isBefore(savedAt.plus(interval))) {
            return false;
        }
        savedAt = now;
        return true;
    }
}
