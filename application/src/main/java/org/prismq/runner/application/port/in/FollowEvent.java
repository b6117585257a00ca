package org.prismq.runner.application.port.in;

import java.util.List;
import java.util.Objects;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;
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

    /**
     * The line being written on {@code stream} was redrawn in place (a progress bar): {@code text} is its latest
     * frame, and {@code seq} the seq the line would get if it were completed now. Live only: a frame is never
     * stored, and the line arrives later in its final state in a {@link Lines} event, which supersedes the frame.
     * Frames reach a reader only when it has every line, at a bounded rate, and may be skipped.
     */
    record Frame(long seq, LogStream stream, String text) implements FollowEvent {
        public Frame {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(text, "text");
            if (seq < 1) {
                throw new IllegalArgumentException("a frame's seq is at least 1, was " + seq);
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
