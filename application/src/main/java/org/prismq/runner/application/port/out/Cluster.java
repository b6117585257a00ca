package org.prismq.runner.application.port.out;

import java.time.Duration;
import java.util.List;

import org.prismq.runner.domain.run.RunId;

/**
 * The other service nodes that share this node's database: who is alive, who holds which run, and the news they
 * send each other. A service alone on its database has no cluster. Thread-safe.
 *
 * <p>Storage stays the source of truth: a {@link Listener} hears of changes quickly, but may miss some (a dropped
 * connection); callers therefore also look again from time to time.
 */
public interface Cluster {

    /**
     * Records that {@code node} is alive now (by the database's clock); it joins the cluster with its first beat.
     *
     * @return whether the node was in the cluster already: {@code false} for its first beat, and when the other
     *         nodes took it out as dead meanwhile (and recorded its runs as failed)
     */
    boolean heartbeat(NodeId node);

    /** The active runs (claimed, or running) recorded as held by {@code node}. */
    List<RunId> heldBy(NodeId node);

    /**
     * Takes every node whose last heartbeat is older than {@code timeout} out of the cluster and returns the
     * active runs (claimed, or running) that no node in the cluster holds any more, and the active runs that no
     * node holds and no queue keeps. Several callers may get the same run: the caller records its end, and a
     * second such record changes nothing that matters.
     */
    List<RunId> reap(Duration timeout);

    /** Asks the node that holds {@code run} to cancel it; the node hears it through its {@link Listener}. */
    void requestCancel(RunId run);

    /** The active runs held by {@code node} whose cancel was requested. */
    List<RunId> cancelRequests(NodeId node);

    /** Registers the one listener of the news; called from the adapter's own thread. */
    void listen(Listener listener);

    /** {@code node} leaves the cluster (a clean shutdown): it holds no runs any more. */
    void leave(NodeId node);

    /** News from the nodes of the cluster, this one included. Implementations must return quickly. */
    interface Listener {

        /** A run was queued: a node with a free slot may claim it. */
        void queueChanged();

        /** The recorded snapshot of {@code run} changed (started, ended, progress). */
        void runChanged(RunId run);

        /** Every line of {@code run} up to {@code lastSeq} is stored. */
        void linesStored(RunId run, long lastSeq);

        /** Somebody asked for {@code run} to be cancelled. */
        void cancelRequested(RunId run);

        /** News may have been lost (the connection that brings it was replaced): look at everything again. */
        void resync();
    }
}
