package org.prismq.runner.application.output;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.prismq.runner.application.port.in.FollowEvent;

/**
 * The frames of one run's output (see {@link org.prismq.runner.application.port.out.ProcessOutput#frame}) on their
 * way to followers, at most one every {@link #INTERVAL_NANOS}: a throttle with a trailing edge. A frame that comes
 * sooner waits for its turn, replaced by any later one, and is shown then unless its line has been completed
 * meanwhile (the line itself shows the final state). Followers get only the frame shown last, once each.
 *
 * <p>Guarded by the lock of the {@link LiveOutput} that owns it; the turn of a waiting frame runs {@code turn} on
 * the timer's thread, which takes that lock and calls {@link #takeTurn}.
 */
final class Frames {

    /** Ten frames a second at most: enough for a bar to look alive, little for a reader to carry. */
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final WakeTimer timer;
    private final Runnable turn;
    private FollowEvent.Frame shown;
    /** How many frames were shown: a follower that has seen this many has the latest. */
    private long shownCount;
    private long shownAt;
    private FollowEvent.Frame waiting;
    private boolean turnScheduled;

    /** @param turn run on the timer's thread, without the lock, when a waiting frame's turn comes */
    Frames(WakeTimer timer, Runnable turn) {
        this.timer = timer;
        this.turn = turn;
    }

    /**
     * A new frame of the line {@code frame.seq()}, which is being written now.
     *
     * @return whether it is shown now (and followers should be woken), rather than waiting for its turn
     */
    boolean offer(FollowEvent.Frame frame) {
        long now = timer.nanoTime();
        if (turnScheduled) {
            waiting = frame;
            return false;
        }
        if (shownCount == 0 || now - shownAt >= INTERVAL_NANOS) {
            show(frame, now);
            return true;
        }
        waiting = frame;
        turnScheduled = true;
        try {
            timer.schedule(turn, shownAt + INTERVAL_NANOS - now);
        } catch (RejectedExecutionException noTimer) {
            // Only when the JVM is going down: the frame is dropped, the line still comes.
            turnScheduled = false;
            waiting = null;
        }
        return false;
    }

    /**
     * The waiting frame's turn has come: shows it unless its line is complete.
     *
     * @param nextSeq the seq of the line being written now
     * @return whether a frame is shown (and followers should be woken)
     */
    boolean takeTurn(long nextSeq) {
        turnScheduled = false;
        FollowEvent.Frame frame = waiting;
        waiting = null;
        if (frame == null || frame.seq() != nextSeq) {
            return false;
        }
        show(frame, timer.nanoTime());
        return true;
    }

    /** Lines up to {@code lastSeq} are complete: their frames are no longer news. Keeps the interval. */
    void linesCompleted(long lastSeq) {
        if (shown != null && shown.seq() <= lastSeq) {
            shown = null;
        }
        if (waiting != null && waiting.seq() <= lastSeq) {
            waiting = null;
        }
    }

    /**
     * The frame shown last, for the follower that waits with {@code bell} and wants seq {@code next}, if it has
     * not had it yet and it is the line that follower waits for; else {@code null}. It counts as had.
     */
    FollowEvent.Frame dueFor(long next, Bell bell) {
        if (shown == null || shown.seq() != next || bell.framesSeen >= shownCount) {
            return null;
        }
        bell.framesSeen = shownCount;
        return shown;
    }

    private void show(FollowEvent.Frame frame, long now) {
        shown = frame;
        shownCount++;
        shownAt = now;
    }
}
