package org.prismq.runner.adapters.persistence.sqlite;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Copies the write-ahead log into the database file on a thread of its own, once it holds a number of pages not
 * yet copied, so that the thread that commits never does it. SQLite would otherwise checkpoint inside the commit that
 * passes its threshold: copying the log's pages and waiting for the file to be synced, a pause of tens of
 * milliseconds in the middle of a run's output, which made the module wait on a full pipe. After commits it asks
 * SQLite how many pages wait ({@code PRAGMA wal_checkpoint(NOOP)}, which copies nothing; at most once every
 * {@value #CHECK_INTERVAL_MILLIS} ms), and past the threshold runs a {@code PASSIVE} checkpoint, beside commits and
 * reads, on a connection of its own; what a reader still uses is left for the next one.
 *
 * <p>SQLite writes the log from its start again only when a commit begins after a checkpoint copied all of it.
 * While a module floods its output, commits follow each other closely enough that a passive checkpoint never
 * catches up, and the log's file grew by every byte written (hundreds of MB in one run). So once the log holds
 * {@value #RESTART_FACTOR} times the threshold, a passive checkpoint is followed by a {@code RESTART}, run holding
 * the lock that commits take (SQLite's own wait for the write lock lost every race against a writer committing back
 * to back; the lock is fair, see {@link #newCommitLock}, or the writer wins those races too): it copies the pages
 * committed during the passive one and waits for readers to leave the log, so that the next commit writes the log
 * from its start again, over blocks the file already has. Commits wait meanwhile,
 * for the copy and the syncs of what the passive checkpoint left (30-50 ms a restart, measured on a flood). It waits
 * for readers at most as long as its connection's busy timeout; a reader that holds the log longer (a long download)
 * makes it give up, letting commits go on, and it is tried again once the log has grown by another threshold.
 *
 * <p>A failure is logged once (until a checkpoint succeeds again) and never reaches a writer: the log then keeps
 * growing until a checkpoint succeeds. Thread-safe.
 */
final class WalCheckpointer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WalCheckpointer.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /**
     * The least time between two looks at the log: the commits in between are looked at together, so that a run
     * printing a line a millisecond does not cost a wake-up and a query each. 1,000 pages take 200 ms or more to
     * write even when a module floods its output.
     */
    private static final long CHECK_INTERVAL_MILLIS = 10;
    private static final long CHECK_INTERVAL_NANOS = Duration.ofMillis(CHECK_INTERVAL_MILLIS).toNanos();
    /** A log this many times the threshold is restarted from its start. */
    static final int RESTART_FACTOR = 2;

    private final Connection connection;
    private final Path wal;
    private final int thresholdPages;
    private final Lock commits;
    private final Runnable beforeCheckpoint;
    private final AtomicBoolean written = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private boolean failing;
    /** After a restart that a reader held up: the size of the log, in pages, that makes the next try. */
    private long retryRestartAt;

    /**
     * Starts checkpointing the database {@code file} through {@code connection}, which it closes at the end.
     *
     * @param connection     its busy timeout bounds how long a restart waits for readers, holding commits back
     * @param thresholdPages how many pages of the log not yet copied make a checkpoint
     * @param commits        held by every commit to the database
     * @param beforeCheckpoint run before each checkpoint: what the database keeps beside its file is synced there
     */
    WalCheckpointer(Connection connection, Path file, int thresholdPages, Lock commits, Runnable beforeCheckpoint) {
        this.connection = connection;
        this.wal = file.resolveSibling(file.getFileName() + "-wal");
        this.thresholdPages = thresholdPages;
        this.commits = commits;
        this.beforeCheckpoint = beforeCheckpoint;
        this.thread = Thread.ofPlatform().daemon().name("prismq-sqlite-checkpoint").start(this::loop);
    }

    /**
     * A new lock for the commits and this checkpointer's restarts to share. Fair: a writer committing back to back
     * would otherwise take it again before a waiting restart woke up, for up to 90 ms of commits (measured on a
     * flood), and the log's file grew by all of them.
     */
    static ReentrantLock newCommitLock() {
        return new ReentrantLock(true);
    }

    /** A commit went into the log: checks its size soon. Cheap, never blocks. */
    void written() {
        if (written.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    /** Stops the thread, waiting for a checkpoint under way, and closes the connection. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            if (!thread.join(CLOSE_WAIT)) {
                LOG.log(Level.WARNING, "the checkpoint of " + wal + " is still running after " + CLOSE_WAIT);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException failed) {
            LOG.log(Level.DEBUG, "closing the checkpoint connection failed: " + failed);
        }
    }

    private void loop() {
        while (!closed.get()) {
            if (!written.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            checkpointIfDue();
            long next = System.nanoTime() + CHECK_INTERVAL_NANOS;
            for (long left = CHECK_INTERVAL_NANOS; left > 0 && !closed.get(); left = next - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
            }
        }
    }

    private void checkpointIfDue() {
        try (Statement statement = connection.createStatement()) {
            long logPages;
            long copiedPages;
            try (ResultSet waiting = statement.executeQuery("PRAGMA wal_checkpoint(NOOP)")) {
                // busy, pages in the log, pages of it copied into the file
                if (!waiting.next()) {
                    return;
                }
                logPages = waiting.getLong(2);
                copiedPages = waiting.getLong(3);
            }
            if (logPages >= (long) RESTART_FACTOR * thresholdPages && logPages >= retryRestartAt) {
                // Most of the copying and syncing first, beside the commits; then only what they added meanwhile.
                beforeCheckpoint.run();
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                commits.lock();
                try {
                    beforeCheckpoint.run();
                    try (ResultSet restart = statement.executeQuery("PRAGMA wal_checkpoint(RESTART)")) {
                        boolean heldUp = restart.next() && restart.getInt(1) != 0;
                        retryRestartAt = heldUp ? logPages + thresholdPages : 0;
                    }
                } finally {
                    commits.unlock();
                }
            } else if (logPages - copiedPages >= thresholdPages) {
                beforeCheckpoint.run();
                statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            } else {
                return;
            }
            if (failing) {
                failing = false;
                LOG.log(Level.INFO, "checkpointing " + wal + " works again");
            }
        } catch (SQLException failed) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "checkpointing " + wal + " failed; the log grows until it works again: "
                        + failed.getMessage());
            }
        }
    }
}
