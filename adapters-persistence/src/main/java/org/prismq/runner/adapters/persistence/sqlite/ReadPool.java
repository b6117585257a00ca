package org.prismq.runner.adapters.persistence.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.prismq.runner.adapters.persistence.jdbc.StorageException;

/**
 * A fixed set of read connections, lent one caller at a time. A borrower waits while all are lent; that wait
 * blocks only the calling (virtual) thread. Closing waits a bounded time for lent connections to come back.
 */
final class ReadPool implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ReadPool.class.getName());
    private static final long WAIT_SLICE_MILLIS = 50;

    private final BlockingQueue<Connection> idle;
    private final int size;
    private final Duration closeGrace;
    private volatile boolean closed;

    ReadPool(List<Connection> connections, Duration closeGrace) {
        this.size = connections.size();
        this.idle = new ArrayBlockingQueue<>(size, false, connections);
        this.closeGrace = closeGrace;
    }

    /** A connection for the caller alone, until it gives it {@link #back}. */
    Connection borrow() {
        try {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("the database is closed");
                }
                // Wait in slices so that a close during the wait is noticed.
                Connection connection = idle.poll(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS);
                if (connection != null) {
                    return connection;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting for a read connection", interrupted);
        }
    }

    void back(Connection connection) {
        if (closed) {
            closeQuietly(connection);
        } else {
            idle.add(connection);
        }
    }

    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + closeGrace.toNanos();
        int closedCount = 0;
        try {
            while (closedCount < size) {
                Connection connection = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (connection == null) {
                    break;
                }
                closeQuietly(connection);
                closedCount++;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (closedCount < size) {
            LOG.log(System.Logger.Level.WARNING, "{0} read connection(s) still in use at close; they close when "
                    + "given back", size - closedCount);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException failed) {
            LOG.log(System.Logger.Level.WARNING, "closing a read connection failed", failed);
        }
    }
}
