package org.prismq.runner.application.service;

import java.util.List;
import java.util.concurrent.locks.Condition;
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
    private final Condition changed = lock.newCondition();
    private final RecentLines recent = new RecentLines();
    private final int maxLines;
    private final long maxBytes;

    private long lastSeq;
    private long persistedSeq;
    private RunStatus status;
    private Integer exitCode;

    LiveOutput(RunStatus status, int maxLines, long maxBytes) {
        this.status = status;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    /** The output of a run that has ended: everything is in storage, nothing is held in memory. */
    static LiveOutput ended(RunStatus status, Integer exitCode, long lastSeq) {
        LiveOutput output = new LiveOutput(status, 0, 0);
        output.lastSeq = lastSeq;
        output.persistedSeq = lastSeq;
        output.exitCode = exitCode;
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
            changed.signalAll();
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
            status = next;
            exitCode = code;
            if (next.isTerminal()) {
                // Nobody reads the recent lines of an ended run from memory once followers have them; let
                // storage serve late readers and free the memory now.
                recent.trim(0, 0, persistedSeq);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The last published seq and the status, read together. */
    Position position() {
        lock.lock();
        try {
            return new Position(lastSeq, status);
        } finally {
            lock.unlock();
        }
    }

    record Position(long lastSeq, RunStatus status) {
    }

    boolean hasEndedAt(long seq) {
        lock.lock();
        try {
            return status.isTerminal() && lastSeq == seq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a follower at {@code next} (the next seq it wants), having last reported {@code reported}, should
     * do now; waits up to {@code maxWaitNanos} for something to happen.
     */
    View await(long next, RunStatus reported, int maxBatch, long maxWaitNanos) throws InterruptedException {
        long remaining = maxWaitNanos;
        lock.lock();
        try {
            while (true) {
                if (status != reported && !status.isTerminal()) {
                    return new View.Status(status, exitCode);
                }
                if (next <= lastSeq) {
                    long first = recent.firstSeq();
                    if (first != -1 && next >= first) {
                        return new View.Lines(recent.from(next, maxBatch));
                    }
                    return new View.InStorage(lastSeq);
                }
                if (status.isTerminal()) {
                    return status != reported ? new View.Status(status, exitCode) : new View.End(status, exitCode, lastSeq);
                }
                if (remaining <= 0) {
                    return new View.Nothing();
                }
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #await} found. */
    sealed interface View {

        /** Lines held in memory, starting with the seq asked for. */
        record Lines(List<LogEntry> entries) implements View {
        }

        /** The lines asked for have left memory: read them from storage (they are all there). */
        record InStorage(long lastSeq) implements View {
        }

        record Status(RunStatus status, Integer exitCode) implements View {
        }

        /** The run has ended and the follower has every line. */
        record End(RunStatus status, Integer exitCode, long lastSeq) implements View {
        }

        record Nothing() implements View {
        }
    }
}
