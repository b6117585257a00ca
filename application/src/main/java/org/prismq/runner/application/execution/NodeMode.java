package org.prismq.runner.application.execution;

import java.time.Instant;
import java.util.Optional;

import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.application.port.out.LaunchQueue;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.RunId;

/**
 * Whether this node is alone on its database or shares it with other nodes: decided once, at wiring time, by
 * choosing {@link #standalone} or {@link #sharedDatabase}. Everything that differs between the two is here, so
 * that the supervisor and the use cases never ask which mode they are in.
 */
public abstract sealed class NodeMode permits StandaloneNode, SharedDatabaseNode {

    /** A service alone on its database, with its queue in memory. */
    public static NodeMode standalone(Runs runs) {
        return new StandaloneNode(runs);
    }

    /**
     * A node that takes its runs from {@code queue}, shared with the other nodes of {@code cluster}, and works
     * with them as {@code node}.
     */
    public static NodeMode sharedDatabase(LaunchQueue queue, Cluster cluster, NodeSettings node) {
        return new SharedDatabaseNode(queue, cluster, node);
    }

    NodeMode() {
    }

    /** This node's name and how often it does its round of work. */
    abstract NodeSettings node();

    /** Where accepted runs wait for a slot. */
    abstract LaunchQueue queue();

    /** Records as failed the runs that an earlier life left active and no process now runs; returns how many. */
    abstract int recover(OrphanedRuns orphans);

    /** Keeps what {@code id} was checked against when it was accepted here, if the mode starts it from that. */
    abstract void remember(RunId id, CheckedRun checked);

    /** What {@link #remember} kept for {@code id}, forgotten now; empty when the run must be checked again. */
    abstract Optional<CheckedRun> recall(RunId id);

    /** {@code id} will not start here (its queueing failed, or it was cancelled while waiting). */
    abstract void forget(RunId id);

    /** Asks whichever node executes {@code id} to cancel it. */
    abstract void requestCancel(RunId id);

    /** At shutdown: deals with the runs still waiting in the queue. */
    abstract void closeQueue(RunRecorder recorder, Instant now);

    /** Starts hearing the other nodes' news. */
    abstract void listen(Cluster.Listener listener);

    /** The node's part of the cluster's upkeep, once per round before claiming queued runs. */
    abstract void upkeep(RunSupervisor supervisor, OrphanedRuns orphans);

    /** The node leaves the other nodes (a clean shutdown), once its runs have stopped. */
    abstract void leave();
}
