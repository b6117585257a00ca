package org.prismq.runner.application.execution;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.application.port.out.LaunchQueue;
import org.prismq.runner.application.port.out.NodeId;
import org.prismq.runner.application.port.out.QueuedRun;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * The launch queue of a service alone on its database: in memory, so it is gone with the process (a restart
 * records the runs it held as failed). Thread-safe.
 */
public final class LocalLaunchQueue implements LaunchQueue {

    private final Runs runs;
    /** A lock, not a monitor: {@link #enqueue} writes to storage, which would pin a virtual thread in a monitor. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<QueuedRun> waiting = new ArrayDeque<>();

    public LocalLaunchQueue(Runs runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    @Override
    public boolean enqueue(Run run, Map<String, Object> values, int capacity) {
        lock.lock();
        try {
            if (waiting.size() >= capacity) {
                return false;
            }
            runs.add(run);
            waiting.addLast(new QueuedRun(run, values));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<QueuedRun> claim(NodeId node) {
        lock.lock();
        try {
            return Optional.ofNullable(waiting.pollFirst());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(RunId run) {
        lock.lock();
        try {
            return waiting.removeIf(queued -> queued.run().id().equals(run));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }
}
