package org.prismq.runner.application.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
    private final Deque<QueuedRun> waiting = new ArrayDeque<>();

    public LocalLaunchQueue(Runs runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    @Override
    public synchronized boolean enqueue(Run run, Map<String, Object> values, int capacity) {
        if (waiting.size() >= capacity) {
            return false;
        }
        runs.add(run);
        waiting.addLast(new QueuedRun(run, values));
        return true;
    }

    @Override
    public synchronized Optional<QueuedRun> claim(NodeId node) {
        return Optional.ofNullable(waiting.pollFirst());
    }

    @Override
    public synchronized boolean remove(RunId run) {
        return waiting.removeIf(queued -> queued.run().id().equals(run));
    }

    @Override
    public synchronized int size() {
        return waiting.size();
    }
}
