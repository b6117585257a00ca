package org.prismq.runner.application.output;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.domain.log.LogEntry;

/**
 * Stores one run's batches on a thread of its own, so that the process's output is read and split while the
 * previous lines are written; batches that queue up meanwhile are written together, in one call, in order.
 * {@link #add} blocks while {@code maxLines} lines or {@code maxBytes} (estimated as {@link RecentLines} does)
 * wait besides the write under way, though one batch is always let in: memory stays bounded (by twice the limits
 * and a batch), a module outrunning storage is slowed down instead of losing lines, and a database that takes a
 * while to commit (a round trip to PostgreSQL) does not stop the reading of the output while it commits. {@link #drain} returns once every line added before it is written. Thread-safe; the
 * writing thread starts with the first batch and ends with {@link #drain}.
 */
final class StoreQueue {

    private static final System.Logger LOG = System.getLogger(StoreQueue.class.getName());

    /** Lines written in one call at most, so that one transaction stays short. */
    private static final int MAX_LINES_PER_WRITE = 32_768;
    /**
     * A write that begins within {@link #GROUP_NANOS} of the end of the one before waits for this many lines, or
     * until that time has passed, or for a module made to wait: a commit costs the pages of the table's index and
     * bookkeeping besides the lines, a few hundred lines at a time as much again as the lines themselves. A flood
     * is thus written in large commits, and a module that prints a line a millisecond in a commit every
     * {@link #GROUP_NANOS} instead of one a line (each of which wrote a whole page to the database's log); the first
     * line after a quiet spell is written at once.
     */
    static final int GROUP_LINES = 8_192;
    private static final long GROUP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Batch> queue = new ArrayDeque<>();
    private final Writer writer;
    private final String threadName;
    private final int maxLines;
    private final long maxBytes;
    private final long groupNanos;
    /** Lines and bytes added and not yet written, the write under way included. */
    private long queuedLines;
    private long queuedBytes;
    private long writingLines;
    private long writingBytes;
    private boolean writing;
    private boolean draining;
    /** When the last write ended ({@link System#nanoTime}). */
    private long lastWriteEnd;
    /** Adders waiting for room. */
    private int blockedAdders;
    /** The writing thread is in {@link #awaitGroup}. */
    private boolean grouping;
    private Thread thread;

    /** Writes one batch (consecutive seqs) and marks it stored; it must not throw. */
    @FunctionalInterface
    interface Writer {

        /** @param utf8 each line's message in UTF-8, in the order of {@code lines} */
        void write(List<LogEntry> lines, List<byte[]> utf8);
    }

    StoreQueue(Writer writer, String threadName, int maxLines, long maxBytes) {
        this(writer, threadName, maxLines, maxBytes, GROUP_NANOS);
    }

    /** @param groupNanos how long after a write the next one may wait for {@link #GROUP_LINES} lines */
    StoreQueue(Writer writer, String threadName, int maxLines, long maxBytes, long groupNanos) {
        this.writer = writer;
        this.threadName = threadName;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.groupNanos = groupNanos;
        this.lastWriteEnd = System.nanoTime() - groupNanos;
    }

    /**
     * Queues a batch for writing, waiting while the queue is full.
     *
     * @param utf8 each line's message in UTF-8, in the order of {@code batch}, passed on to the writer
     */
    void add(List<LogEntry> batch, List<byte[]> utf8) {
        long bytes = RecentLines.cost(batch);
        lock.lock();
        try {
            while (waitingLines() > 0 && (waitingLines() + batch.size() > maxLines
                    || queuedBytes - writingBytes + bytes > maxBytes)) {
                blockedAdders++;
                changed.signalAll();
                changed.awaitUninterruptibly();
                blockedAdders--;
            }
            queue.addLast(new Batch(batch, utf8, bytes));
            queuedLines += batch.size();
            queuedBytes += bytes;
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name(threadName).start(this::writeLoop);
            }
            // A write gathering lines is woken once there are enough, not by every batch.
            if (!grouping || waitingLines() >= GROUP_LINES) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every batch added so far is written, and lets the writing thread end. */
    void drain() {
        lock.lock();
        try {
            draining = true;
            changed.signalAll();
            while (writing || !queue.isEmpty()) {
                changed.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        while (true) {
            Batch next;
            lock.lock();
            try {
                while (queue.isEmpty() && !draining) {
                    changed.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    thread = null;
                    return;
                }
                awaitGroup();
                next = takeSome();
                writing = true;
                writingLines = next.lines().size();
                writingBytes = next.bytes();
                // The lines taken no longer count against the room for more.
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                writer.write(next.lines(), next.utf8());
            } catch (RuntimeException | Error failure) {
                // The writer promises not to throw; if it does anyway, the run must still be able to end.
                LOG.log(System.Logger.Level.ERROR, threadName + ": writing lines " + next.lines().getFirst().seq()
                        + " to " + next.lines().getLast().seq() + " failed", failure);
            } finally {
                lock.lock();
                try {
                    writing = false;
                    queuedLines -= writingLines;
                    queuedBytes -= writingBytes;
                    writingLines = 0;
                    writingBytes = 0;
                    lastWriteEnd = System.nanoTime();
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Until {@code groupNanos} after the end of the last write, waits until {@link #GROUP_LINES} lines wait, the
     * queue is drained or an adder waits for room. Call under the lock.
     */
    private void awaitGroup() {
        long left = lastWriteEnd + groupNanos - System.nanoTime();
        grouping = true;
        try {
            while (left > 0 && !draining && blockedAdders == 0 && waitingLines() < GROUP_LINES) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } finally {
            grouping = false;
        }
    }

    /** Lines that wait to be written, besides the write under way. Call under the lock. */
    private long waitingLines() {
        return queuedLines - writingLines;
    }

    /** The oldest batches, joined, up to {@value #MAX_LINES_PER_WRITE} lines (or one bigger batch). */
    private Batch takeSome() {
        Batch first = queue.pollFirst();
        if (queue.isEmpty() || first.lines().size() + queue.peekFirst().lines().size() > MAX_LINES_PER_WRITE) {
            return first;
        }
        int size = first.lines().size();
        int batches = 1;
        for (Batch next : queue) {
            if (size + next.lines().size() > MAX_LINES_PER_WRITE) {
                break;
            }
            size += next.lines().size();
            batches++;
        }
        List<LogEntry> joined = new ArrayList<>(size);
        List<byte[]> joinedUtf8 = new ArrayList<>(size);
        long bytes = 0;
        for (int i = 0; i < batches; i++) {
            Batch next = i == 0 ? first : queue.pollFirst();
            appendTo(joined, next.lines());
            appendTo(joinedUtf8, next.utf8());
            bytes += next.bytes();
        }
        return new Batch(joined, joinedUtf8, bytes);
    }

    /** By index: {@code addAll} would first copy each batch into an array of its own. */
    private static <T> void appendTo(List<T> joined, List<T> items) {
        for (int i = 0, count = items.size(); i < count; i++) {
            joined.add(items.get(i));
        }
    }

    /** Lines to write, their messages in UTF-8, and their cost as {@link RecentLines#cost} tells it. */
    private record Batch(List<LogEntry> lines, List<byte[]> utf8, long bytes) {
    }
}
