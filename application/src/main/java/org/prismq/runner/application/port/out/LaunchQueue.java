package org.prismq.runner.application.port.out;

import java.util.Map;
import java.util.Optional;

import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * The runs waiting for a free slot, oldest first. One service keeps its queue in memory; several service nodes
 * on one database share a queue there, and each node claims runs from it within its own concurrency limit.
 * Thread-safe; with a shared queue, safe across processes too: no two claims, of any node, get the same run.
 */
public interface LaunchQueue {

    /**
     * Records {@code run} (queued) in the registry of runs, as {@link Runs#add} does, and puts it at the end of the
     * queue with its unmasked parameter {@code values}, both in one step.
     *
     * @param capacity how many runs may wait at most, this one included
     * @return {@code false}, having recorded nothing, when {@code capacity} runs already wait
     * @throws IllegalStateException when the run's id is already recorded
     */
    boolean enqueue(Run run, Map<String, Object> values, int capacity);

    /**
     * Takes the oldest waiting run out of the queue for {@code node}, which is recorded as holding it (see
     * {@link Cluster}); empty when none waits.
     */
    Optional<QueuedRun> claim(NodeId node);

    /** Takes {@code run} out of the queue if it still waits there (no node has claimed it); whether it did. */
    boolean remove(RunId run);

    /** How many runs wait. */
    int size();
}
