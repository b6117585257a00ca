package org.prismq.runner.application.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The live side of one run's output: its recent lines for followers, how far capture and storage have come,
 * and the run's status. Followers wait on it; the capture thread and the supervisor wake them. Thread-safe.
 *
 * <p>Lines are published before they are stored, so followers see them at once; a line leaves the recent
 * lines only after it is stored, so a follower that fell behind always finds it in storage.
 */
final class LiveOutput {

    private final ReentrantLock lock = new ReentrantLock();
    /**
     * The followers parked in {@link #await}. Each parks on its own and is unparked by a change; a follower whose
     * wait times out leaves this set in constant time, where a shared {@code Condition} would walk every waiter
     * (with ten thousand idle streams, each checking every 250 ms, that walk took most of a core).
     */
    private final Set<Thread> waiting = new HashSet<>();
    private final RecentLines recent = new RecentLines();
    private final int maxLines;
    private final long maxBytes;

    /** Every status the run has had, each with the last seq printed before it: at most four entries. */
    private final List<StatusMark> history = new ArrayList<>(4);
    private long lastSeq;
    private long persistedSeq;

    LiveOutput(RunStatus status, int maxLines, long maxBytes) {
        this.history.add(new StatusMark(status, null, 0));
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    /** The output of a run that has ended: everything is in storage, nothing is held in memory. */
    static LiveOutput ended(RunStatus status, Integer exitCode, long lastSeq) {
        LiveOutput output = new LiveOutput(status, 0, 0);
        output.history.set(0, new StatusMark(status, exitCode, lastSeq));
        output.lastSeq = lastSeq;
        output.persistedSeq = lastSeq;
        return output;
    }

    /** Makes a batch visible to followers. Seqs must continue from the last published line. */
    void publish(List<LogEntry> batch) {
        lock.lock();
        try {
            for (LogEntry entry : batch) {
                if (entry.seq() != lastSeq + 1) {
                    throw new IllegalStateException("seq " + entry.seq() + " does not follow " + lastSeq);
                }
                recent.add(entry);
                lastSeq = entry.seq();
            }
            wakeFollowers();
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
    void status(RunStatus next, Integer code) {
        lock.lock();
        try {
            history.add(new StatusMark(next, code, lastSeq));
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
    void follow(RunStatus next, Integer code, boolean started) {
        lock.lock();
        try {
            RunStatus now = current().status();
            if (now == next || !now.canMoveTo(next) && !(now == RunStatus.QUEUED && next.isTerminal())) {
                return;
            }
            if (now == RunStatus.QUEUED && next.isTerminal() && started) {
                history.add(new StatusMark(RunStatus.RUNNING, null, lastSeq));
            }
            status(next, code);
        } finally {
            lock.unlock();
        }
    }

    /** The last published seq and how many status changes a new follower has already seen, read together. */
    Position position() {
        lock.lock();
        try {
            return new Position(lastSeq, history.size() - 1);
        } finally {
            lock.unlock();
        }
    }

    /** @param statusIndex the index in the status history of the status a new follower starts with */
    record Position(long lastSeq, int statusIndex) {
    }

    boolean hasEndedAt(long seq) {
        lock.lock();
        try {
            return current().status().isTerminal() && lastSeq == seq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a follower should do now: it wants seq {@code next} and has reported the status at
     * {@code statusIndex} of the history. Waits up to {@code maxWaitNanos} for something to happen. A status
     * change is reported once the follower has every line printed before it, so changes and lines arrive in
     * the order they happened, however far behind the follower is.
     */
    View await(long next, int statusIndex, int maxBatch, long maxWaitNanos) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitNanos;
        long remaining = maxWaitNanos;
        lock.lock();
        try {
            while (true) {
                if (statusIndex + 1 < history.size() && next > history.get(statusIndex + 1).afterSeq()) {
                    StatusMark change = history.get(statusIndex + 1);
                    return new View.Status(change.status(), statusIndex + 1);
                }
                if (next <= lastSeq) {
                    long first = recent.firstSeq();
                    if (first != -1 && next >= first) {
                        return new View.Lines(recent.from(next, maxBatch));
                    }
                    return new View.InStorage();
                }
                StatusMark current = current();
                if (current.status().isTerminal() && statusIndex == history.size() - 1) {
                    return new View.End(current.status(), current.exitCode(), lastSeq);
                }
                if (remaining <= 0) {
                    return new View.Nothing();
                }
                park(remaining);
                remaining = deadline - System.nanoTime();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits, without the lock, until a change unparks this thread or {@code nanos} pass. Holds the lock. */
    private void park(long nanos) throws InterruptedException {
        Thread self = Thread.currentThread();
        waiting.add(self);
        lock.unlock();
        try {
            // A change made between the unlock and the park has already unparked this thread: park returns at once.
            LockSupport.parkNanos(this, nanos);
        } finally {
            lock.lock();
            waiting.remove(self);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Holds the lock. */
    private void wakeFollowers() {
        for (Thread follower : waiting) {
            LockSupport.unpark(follower);
        }
    }

    private StatusMark current() {
        return history.getLast();
    }

    /** A status the run entered after its line {@code afterSeq}. */
    private record StatusMark(RunStatus status, Integer exitCode, long afterSeq) {
    }

    /** What {@link #await} found. */
    sealed interface View {

        /** Lines held in memory, starting with the seq asked for. */
        record Lines(List<LogEntry> entries) implements View {
        }

        /** The lines asked for have left memory: read them from storage (they are all there). */
        record InStorage() implements View {
        }

        /** The next status change to report, at {@code index} of the history. */
        record Status(RunStatus status, int index) implements View {
        }

        /** The run has ended and the follower has every line. */
        record End(RunStatus status, Integer exitCode, long lastSeq) implements View {
        }

        record Nothing() implements View {
        }
    }
}
