package org.prismq.runner.adapters.persistence.postgres;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.prismq.runner.adapters.persistence.jdbc.StorageException;

/**
 * Up to a fixed number of connections, opened when first needed and lent one caller at a time. A borrower waits
 * while all are lent; the wait blocks only the calling (virtual) thread, as it waits on a semaphore, not on a
 * monitor. A connection given back as unusable is closed, and a later borrower opens a new one in its place, so
 * the pool heals after the server restarts. Closing waits a bounded time for lent connections to come back.
 */
final class ConnectionPool implements AutoCloseable {

    /** Opens a new connection, set up for the pool's kind of work. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private static final System.Logger LOG = System.getLogger(ConnectionPool.class.getName());
    private static final long WAIT_SLICE_MILLIS = 50;

    private final String name;
    private final Opener opener;
    private final int size;
    private final Duration closeGrace;
    private final Semaphore permits;
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(String name, Opener opener, int size, Duration closeGrace) {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 connection, was " + size);
        }
        this.name = name;
        this.opener = opener;
        this.size = size;
        this.closeGrace = closeGrace;
        this.permits = new Semaphore(size, true);
    }

    /**
     * A connection for the caller alone, until it gives it {@link #back}: an idle one, else a new one.
     *
     * @throws IllegalStateException when the pool is closed
     * @throws StorageException when no connection can be opened
     */
    Connection borrow() {
        acquire();
        Connection connection = idle.pollFirst();
        if (connection != null) {
            return connection;
        }
        try {
            return opener.open();
        } catch (SQLException | RuntimeException failed) {
            permits.release();
            throw new StorageException("cannot connect to the database: " + failed.getMessage(), failed);
        }
    }

    /** Takes a lent connection back; an unusable one, or any once the pool is closed, is closed. */
    void back(Connection connection, boolean usable) {
        if (usable && !closed) {
            // Most recently used first: a warm connection is reused and surplus ones stay idle.
            idle.addFirst(connection);
            if (closed) {
                closeIdle();
            }
        } else {
            closeQuietly(connection);
        }
        permits.release();
    }

    @Override
    public void close() {
        closed = true;
        boolean allBack = false;
        try {
            allBack = permits.tryAcquire(size, closeGrace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        closeIdle();
        if (!allBack) {
            LOG.log(Level.WARNING, "some {0} connections were still lent at close; they close when given back",
                    name);
        }
    }

    private void acquire() {
        try {
            // Wait in slices so that a close during the wait is noticed.
            while (!closed) {
                if (permits.tryAcquire(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (!closed) {
                        return;
                    }
                    permits.release();
                }
            }
            throw new IllegalStateException("the database is closed");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a database connection", interrupted);
        }
    }

    private void closeIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException failed) {
            LOG.log(Level.WARNING, "closing a database connection failed", failed);
        }
    }
}
