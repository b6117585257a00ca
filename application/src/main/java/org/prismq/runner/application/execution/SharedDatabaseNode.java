package org.prismq.runner.application.execution;

import java.time.Instant;
import java.util.Optional;

import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.application.port.out.LaunchQueue;
import org.prismq.runner.domain.run.RunId;

/**
 * A node among others on one database: the queue is shared, any node may start a run that another accepted (so
 * each start checks the run against this node's catalog), and the nodes tell each other of news, cancels and the
 * death of a node through the {@link Cluster}. Thread-safe.
 */
final class SharedDatabaseNode extends NodeMode {

    private static final System.Logger LOG = System.getLogger(SharedDatabaseNode.class.getName());

    private final LaunchQueue queue;
    private final Cluster cluster;
    private final NodeSettings node;

    SharedDatabaseNode(LaunchQueue queue, Cluster cluster, NodeSettings node) {
        this.queue = queue;
        this.cluster = cluster;
        this.node = node;
    }

    @Override
    NodeSettings node() {
        return node;
    }

    @Override
    LaunchQueue queue() {
        return queue;
    }

    /**
     * The runs that an earlier life under the same node id held, the runs of nodes that stopped beating, and the
     * runs that no node holds.
     */
    @Override
    int recover(OrphanedRuns orphans) {
        // A process that is just starting holds no runs: whatever this node id holds, an earlier life left.
        // Only these are stopped: the runs of other dead nodes may run on other hosts.
        int recorded = orphans.failLeftBehind(cluster.heldBy(node.id()));
        cluster.heartbeat(node.id());
        return recorded + orphans.fail(cluster.reap(node.timeout()), EndMessages.NODE_LOST);
    }

    /** Nothing kept: whichever node claims the run checks it against its own catalog. */
    @Override
    void remember(RunId id, CheckedRun checked) {
    }

    @Override
    Optional<CheckedRun> recall(RunId id) {
        return Optional.empty();
    }

    @Override
    void forget(RunId id) {
    }

    @Override
    void requestCancel(RunId id) {
        cluster.requestCancel(id);
    }

    /** Leaves the waiting runs to the other nodes. */
    @Override
    void closeQueue(RunRecorder recorder, Instant now) {
    }

    @Override
    void listen(Cluster.Listener listener) {
        cluster.listen(listener);
    }

    /**
     * Beats the node's heart (stopping its runs if the others took it for dead meanwhile), records the runs of
     * dead nodes as failed, and acts on cancel requests for runs this node executes.
     */
    @Override
    void upkeep(RunSupervisor supervisor, OrphanedRuns orphans) {
        if (!cluster.heartbeat(node.id())) {
            supervisor.lost();
        }
        orphans.fail(cluster.reap(node.timeout()), EndMessages.NODE_LOST);
        cluster.cancelRequests(node.id()).forEach(supervisor::cancelIfHeld);
    }

    @Override
    void leave() {
        try {
            cluster.leave(node.id());
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "leaving the cluster failed: " + failure);
        }
    }
}
