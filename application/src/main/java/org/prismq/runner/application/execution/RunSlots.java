package org.prismq.runner.application.execution;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

import org.prismq.runner.application.port.in.RunnerException;

/** The node's slots for running runs (at most {@code maxConcurrent}), and whether it still takes runs. Thread-safe. */
final class RunSlots {

    private final ReentrantLock lock = new ReentrantLock();
    private final int maxConcurrent;
    private final int queueSize;
    private int running;
    private boolean closed;

    RunSlots(int maxConcurrent, int queueSize) {
        this.maxConcurrent = maxConcurrent;
        this.queueSize = queueSize;
    }

    /**
     * How many runs may wait in the queue now, counting the one about to be added.
     *
     * @throws RunnerException.ShuttingDown once {@link #close} was called
     */
    int queueCapacity() {
        lock.lock();
        try {
            if (closed) {
                throw new RunnerException.ShuttingDown();
            }
            // A run that finds a free slot here never has to wait, whatever the queue's size.
            return queueSize + Math.max(0, maxConcurrent - running);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Calls {@code enqueue} with {@link #queueCapacity} in one step with it: no slot is taken meanwhile (see
     * {@link #fill}), so the capacity it checks against is the current one and the bound holds exactly, however
     * many launches come at once.
     *
     * @throws RunnerException.ShuttingDown once {@link #close} was called
     */
    boolean admit(IntPredicate enqueue) {
        lock.lock();
        try {
            return enqueue.test(queueCapacity());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot, if one is free and the node is open, and fills it with what {@code claim} takes from the
     * queue, in one step with it (see {@link #admit}); when the queue is empty, or {@code claim} throws, the slot
     * is free again.
     */
    <T> Optional<T> fill(Supplier<Optional<T>> claim) {
        lock.lock();
        try {
            if (!reserve()) {
                return Optional.empty();
            }
            Optional<T> taken;
            try {
                taken = claim.get();
            } catch (RuntimeException failure) {
                running--;
                throw failure;
            }
            if (taken.isEmpty()) {
                running--;
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Takes a slot if one is free and the node is open. */
    boolean reserve() {
        lock.lock();
        try {
            if (closed || running >= maxConcurrent) {
                return false;
            }
            running++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            running--;
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more runs from now on; returns whether this call closed it (and not an earlier one). */
    boolean close() {
        lock.lock();
        try {
            boolean first = !closed;
            closed = true;
            return first;
        } finally {
            lock.unlock();
        }
    }
}
