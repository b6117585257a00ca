package org.prismq.runner.application.port.in;

import java.util.List;
import java.util.Objects;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunStatus;

/** What a {@link LogSubscription} yields next. */
public sealed interface FollowEvent {

    /** The next lines, consecutive, continuing exactly after the previous ones. Never empty. */
    record Lines(List<LogEntry> entries) implements FollowEvent {
        public Lines {
            entries = List.copyOf(entries);
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("a Lines event holds at least one line");
            }
        }
    }

    /** The run moved to {@code status}. A terminal status comes only after the run's last line. */
    record StatusChanged(RunStatus status) implements FollowEvent {
        public StatusChanged {
            Objects.requireNonNull(status, "status");
        }
    }

    /** The run has ended and every line has been yielded; nothing follows. */
    record Completed(RunStatus status, Integer exitCode, long lastSeq) implements FollowEvent {
        public Completed {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * The run was deleted while followed, before its end reached this follower (a run another node executed, on
     * a shared database): its lines are gone and nothing follows.
     */
    record Deleted() implements FollowEvent {
    }

    /** Nothing happened within the wait. */
    record Idle() implements FollowEvent {
    }
}
