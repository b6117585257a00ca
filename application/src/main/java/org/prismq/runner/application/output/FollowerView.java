package org.prismq.runner.application.output;

import java.util.List;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunStatus;

/** What a follower's wait on a {@link LiveOutput} found ({@link LiveOutput#await}). */
sealed interface FollowerView {

    /** Lines held in memory, starting with the seq asked for. */
    record Lines(List<LogEntry> entries) implements FollowerView {
    }

    /** The lines asked for have left memory: read them from storage (they are all there). */
    record InStorage() implements FollowerView {
    }

    /** The next status change to report, at {@code index} of the history. */
    record Status(RunStatus status, int index) implements FollowerView {
    }

    /** The run has ended and the follower has every line. */
    record End(RunStatus status, Integer exitCode, long lastSeq) implements FollowerView {
    }

    /** The run was deleted: nothing is left to read. */
    record Deleted() implements FollowerView {
    }

    /** The latest frame of the line the follower waits for. */
    record Frame(FollowEvent.Frame frame) implements FollowerView {
    }

    /** Nothing happened within the wait, or the follower's bell rang. */
    record Nothing() implements FollowerView {
    }
}
