package org.prismq.runner.application.output;

import java.util.ArrayList;
import java.util.List;

import org.prismq.runner.domain.run.RunStatus;

/**
 * Every status a run has had, each with the last seq printed before it (at most four entries), so that a
 * follower hears of a change only once it has every line printed before it. Not thread-safe: guarded by the lock
 * of the {@link LiveOutput} that holds it.
 */
final class StatusHistory {

    private final List<StatusMark> marks = new ArrayList<>(4);

    /** A history that starts with {@code first}, entered after line {@code afterSeq}. */
    StatusHistory(RunStatus first, Integer exitCode, long afterSeq) {
        marks.add(new StatusMark(first, exitCode, afterSeq));
    }

    /** The run entered {@code status} after line {@code afterSeq}. */
    void add(RunStatus status, Integer exitCode, long afterSeq) {
        marks.add(new StatusMark(status, exitCode, afterSeq));
    }

    StatusMark current() {
        return marks.getLast();
    }

    /** The index of the current status, which a new follower has seen already. */
    int lastIndex() {
        return marks.size() - 1;
    }

    /**
     * Whether {@code next} moves the run forward from its current status; a queued run may be seen ended without
     * having been seen running.
     */
    boolean isStepForward(RunStatus next) {
        RunStatus now = current().status();
        return now != next && (now.canMoveTo(next) || now == RunStatus.QUEUED && next.isTerminal());
    }

    /** Whether moving to {@code next} passes over the start of a run that did start. */
    boolean skipsStart(RunStatus next, boolean started) {
        return started && current().status() == RunStatus.QUEUED && next.isTerminal();
    }

    /**
     * The change after the one at {@code index} that a follower who wants line {@code next} should hear of now,
     * or {@code null}: there is none, or the follower still lacks lines printed before it.
     */
    StatusMark dueAfter(int index, long next) {
        if (index + 1 < marks.size() && next > marks.get(index + 1).afterSeq()) {
            return marks.get(index + 1);
        }
        return null;
    }

    /** Whether the run has ended and a follower who heard of the change at {@code index} has heard of every one. */
    boolean endedFor(int index) {
        return current().status().isTerminal() && index == lastIndex();
    }

    /** A status the run entered after its line {@code afterSeq}. */
    record StatusMark(RunStatus status, Integer exitCode, long afterSeq) {
    }
}
