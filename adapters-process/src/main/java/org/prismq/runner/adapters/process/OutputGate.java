package org.prismq.runner.adapters.process;

import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.domain.log.LogStream;

/**
 * Passes lines and frames to a {@link ProcessOutput} until the exit is announced, and never after: {@link #exit}
 * waits for a delivery in progress, so {@code exited} follows every {@code lines} and {@code frame} call, and output
 * read later from a pipe that outlived the run is dropped. Both streams deliver concurrently.
 */
final class OutputGate {

    private final ProcessOutput output;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    OutputGate(ProcessOutput output) {
        this.output = output;
    }

    /**
     * Delivers {@code lines} unless the exit was already announced; an exception of the consumer passes through.
     *
     * @return false when the lines were dropped because the exit was announced
     */
    boolean deliver(LogStream stream, List<String> lines) {
        lock.readLock().lock();
        try {
            if (closed) {
                return false;
            }
            if (!lines.isEmpty()) {
                output.lines(stream, lines);
            }
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Passes on a frame unless the exit was already announced; an exception of the consumer passes through. */
    void frame(LogStream stream, String text) {
        lock.readLock().lock();
        try {
            if (!closed) {
                output.frame(stream, text);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the gate, then announces the exit; an exception of the consumer passes through. Called once. */
    void exit(int exitCode) {
        lock.writeLock().lock();
        try {
            closed = true;
        } finally {
            lock.writeLock().unlock();
        }
        output.exited(exitCode);
    }
}
