package org.prismq.runner.application.output;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The live side of one run's output: its recent lines for followers, how far capture and storage have come,
 * and the run's statuses ({@link StatusHistory}). Followers wait on it; the capture thread and the supervisor
 * wake them. Thread-safe.
 *
 * <p>Lines are published before they are stored, so followers see them at once; a line leaves the recent
 * lines only after it is stored, so a follower that fell behind always finds it in storage.
 *
 * <p>Frames of the line being written (progress bars redrawn with {@code \r}) are live only: held here one at a
 * time, at a bounded rate ({@link Frames}), given to followers that have every line, never stored. A run printed
 * by another node ({@link #storedUpTo}) has none: its followers read storage, where frames never are.
 *
 * <p>Followers wait in a {@link FollowerParking}, whose lock guards this output too.
 */
public final class LiveOutput {

    private final ReentrantLock lock;
    private final FollowerParking parking;
    private final RecentLines recent = new RecentLines();
    private final int maxLines;
    private final long maxBytes;
    private final Frames frames;

    private final StatusHistory history;
    private long lastSeq;
    private long persistedSeq;
    private boolean deleted;

    public LiveOutput(RunStatus status, int maxLines, long maxBytes) {
        this(status, maxLines, maxBytes, new FollowerParking(WakeTimer.SHARED));
    }

    /** @param parking where followers wait (a test's own, with a timer moved by hand) */
    LiveOutput(RunStatus status, int maxLines, long maxBytes, FollowerParking parking) {
        this(new StatusHistory(status, null, 0), maxLines, maxBytes, parking);
    }

    private LiveOutput(StatusHistory history, int maxLines, long maxBytes, FollowerParking parking) {
        this.history = history;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.parking = parking;
        this.lock = parking.lock();
        this.frames = new Frames(parking.timer(), this::frameTurn);
    }

    /** The output of a run that has ended: everything is in storage, nothing is held in memory. */
    public static LiveOutput ended(RunStatus status, Integer exitCode, long lastSeq) {
        LiveOutput output = new LiveOutput(new StatusHistory(status, exitCode, lastSeq), 0, 0,
                new FollowerParking(WakeTimer.SHARED));
        output.lastSeq = lastSeq;
        output.persistedSeq = lastSeq;
        return output;
    }

    /**
     * Makes a batch visible to followers. Seqs must continue from the last published line. The parked followers
     * are unparked after the lock is released, so that the first of them need not wait for the publisher to
     * unpark the others.
     */
    void publish(List<LogEntry> batch) {
        Thread[] wake;
        lock.lock();
        try {
            for (LogEntry entry : batch) {
                if (entry.seq() != lastSeq + 1) {
                    throw new IllegalStateException("seq " + entry.seq() + " does not follow " + lastSeq);
                }
                recent.add(entry);
                lastSeq = entry.seq();
            }
            frames.linesCompleted(lastSeq);
            wake = parking.takeAll();
        } finally {
            lock.unlock();
        }
        FollowerParking.unpark(wake);
    }

    /**
     * The line that is to get seq {@code frame.seq()} was redrawn: followers at the live end see the frame, at a
     * bounded rate. Ignored unless that line is the one being written.
     */
    void frame(FollowEvent.Frame frame) {
        lock.lock();
        try {
            if (frame.seq() == lastSeq + 1 && frames.offer(frame)) {
                wakeFollowers();
            }
        } finally {
            lock.unlock();
        }
    }

    /** On the timer's thread: a frame that waited for its turn is shown, unless its line is complete. */
    private void frameTurn() {
        lock.lock();
        try {
            if (frames.takeTurn(lastSeq + 1)) {
                wakeFollowers();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Storage holds every line up to {@code seq}: older lines may now leave memory. */
    void persisted(long seq) {
        lock.lock();
        try {
            persistedSeq = Math.max(persistedSeq, seq);
            recent.trim(maxLines, maxBytes, persistedSeq);
        } finally {
            lock.unlock();
        }
    }

    /** The run moved to {@code next}; a terminal status means no line follows. */
    public void status(RunStatus next, Integer code) {
        lock.lock();
        try {
            history.add(next, code, lastSeq);
            if (next.isTerminal()) {
                // Nobody reads the recent lines of an ended run from memory once followers have them; let
                // storage serve late readers and free the memory now.
                recent.trim(0, 0, persistedSeq);
            }
            wakeFollowers();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Storage holds every line up to {@code seq}, printed by a process this node does not run: followers read
     * them from storage. Never goes back.
     */
    void storedUpTo(long seq) {
        lock.lock();
        try {
            if (seq > lastSeq) {
                lastSeq = seq;
                persistedSeq = seq;
                frames.linesCompleted(lastSeq);
                recent.trim(0, 0, persistedSeq);
                wakeFollowers();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The run is now {@code next}: passed on as {@link #status} when it is a step forward (a run seen queued and
     * then ended is reported as started first, when it did start), ignored when it is the current status or an
     * older one, so that whoever learns of a status, from storage or first hand, may tell it in any order.
     */
    public void follow(RunStatus next, Integer code, boolean started) {
        lock.lock();
        try {
            if (!history.isStepForward(next)) {
                return;
            }
            if (history.skipsStart(next, started)) {
                history.add(RunStatus.RUNNING, null, lastSeq);
            }
            status(next, code);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The run was deleted, with its lines, before this node learnt how it ended (only an ended run can be
     * deleted): its followers stop where they are, since there is nothing left to read and no end to tell.
     */
    void deleted() {
        lock.lock();
        try {
            deleted = true;
            wakeFollowers();
        } finally {
            lock.unlock();
        }
    }

    /** The last published seq and how many status changes a new follower has already seen, read together. */
    public Position position() {
        lock.lock();
        try {
            return new Position(lastSeq, history.lastIndex());
        } finally {
            lock.unlock();
        }
    }

    /** @param statusIndex the index in the status history of the status a new follower starts with */
    public record Position(long lastSeq, int statusIndex) {
    }

    /** The end of the run when it has ended, else {@code null}: its status, exit code and last line. */
    FollowerView.End endedOrNull() {
        lock.lock();
        try {
            StatusHistory.StatusMark current = history.current();
            return current.status().isTerminal()
                    ? new FollowerView.End(current.status(), current.exitCode(), lastSeq) : null;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the run has ended and a follower that has every line up to {@code seq} would get nothing more. */
    public boolean hasEndedAt(long seq) {
        lock.lock();
        try {
            return deleted || history.current().status().isTerminal() && seq >= lastSeq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a follower should do now: it wants seq {@code next} and has reported the status at
     * {@code statusIndex} of the history. Waits up to {@code maxWaitNanos} for something to happen (a wait may
     * end up to {@value FollowerParking#SWEEP_EARLY_MILLIS} ms early, never late). A status change is reported
     * once the follower has every line printed before it, so changes and lines arrive in the order they happened,
     * however far behind the follower is. A follower that has every line also gets the latest frame of the line
     * being written, once (see {@link Frames}), and a parked one is woken for it. The wait also ends, with
     * {@link FollowerView.Nothing}, when {@code bell} rings ({@link #ring}), at once if it rang since the last wait
     * it ended.
     */
    FollowerView await(long next, int statusIndex, int maxBatch, long maxWaitNanos, Bell bell)
            throws InterruptedException {
        long deadline = parking.deadlineIn(maxWaitNanos);
        boolean waitEnded = maxWaitNanos <= 0;
        lock.lock();
        try {
            while (true) {
                if (deleted) {
                    return new FollowerView.Deleted();
                }
                StatusHistory.StatusMark change = history.dueAfter(statusIndex, next);
                if (change != null) {
                    return new FollowerView.Status(change.status(), statusIndex + 1);
                }
                if (next <= lastSeq) {
                    long first = recent.firstSeq();
                    if (first != -1 && next >= first) {
                        return new FollowerView.Lines(recent.from(next, maxBatch));
                    }
                    return new FollowerView.InStorage();
                }
                if (history.endedFor(statusIndex)) {
                    StatusHistory.StatusMark end = history.current();
                    return new FollowerView.End(end.status(), end.exitCode(), lastSeq);
                }
                FollowEvent.Frame frame = frames.dueFor(next, bell);
                if (frame != null) {
                    return new FollowerView.Frame(frame);
                }
                if (parking.takeRing(bell) || waitEnded || parking.isPast(deadline)) {
                    return new FollowerView.Nothing();
                }
                waitEnded = parking.park(deadline, bell, this);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the wait of the follower that waits with {@code bell}, from any thread: its {@link #await} returns
     * {@link FollowerView.Nothing} now, or at its next call if it is not waiting.
     */
    void ring(Bell bell) {
        parking.ring(bell);
    }

    /** Holds the lock. Wakes every parked follower: for a status change and lines read from storage. */
    private void wakeFollowers() {
        FollowerParking.unpark(parking.takeAll());
    }
}
