package org.prismq.runner.application.execution;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.prismq.runner.application.output.StoredOutputs;
import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.domain.run.RunId;

/**
 * The node's periodic work and its hearing of the other nodes, on one thread of its own so that the news never
 * waits for the database. Each round does the node's part of the cluster's upkeep ({@link NodeMode#upkeep}: on a
 * shared database, beating the heart, recording the runs of dead nodes as failed, acting on cancel requests),
 * claims queued runs while a slot is free, and looks again at every run followed through storage. News from the
 * {@link Cluster} brings the same work forward; whatever news is
 * lost, the next tick makes up for it.
 */
final class NodeAgent implements Cluster.Listener, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NodeAgent.class.getName());

    private final RunSupervisor supervisor;
    private final NodeMode mode;
    private final OrphanedRuns orphans;
    private final StoredOutputs storedOutputs;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("prismq-node").factory());

    NodeAgent(RunSupervisor supervisor, NodeMode mode, OrphanedRuns orphans, StoredOutputs storedOutputs) {
        this.supervisor = supervisor;
        this.mode = mode;
        this.orphans = orphans;
        this.storedOutputs = storedOutputs;
    }

    /** Starts listening and doing its round every {@link NodeSettings#tick}. */
    void start() {
        mode.listen(this);
        long interval = mode.node().tick().toMillis();
        worker.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** One round of the periodic work; a failure is logged and the next round tries again. */
    void tick() {
        try {
            supervisor.retryUnrecorded();
            mode.upkeep(supervisor, orphans);
            supervisor.dispatch();
            storedOutputs.refreshAll();
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "the node's periodic work failed; trying again: " + failure);
        }
    }

    @Override
    public void queueChanged() {
        later(supervisor::dispatch);
    }

    @Override
    public void runChanged(RunId run) {
        later(() -> storedOutputs.refresh(run));
    }

    @Override
    public void linesStored(RunId run, long lastSeq) {
        storedOutputs.linesStored(run, lastSeq);
    }

    @Override
    public void cancelRequested(RunId run) {
        supervisor.cancelIfHeld(run);
    }

    @Override
    public void resync() {
        later(this::tick);
    }

    /** Stops the periodic work; a round under way finishes first. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void later(Runnable work) {
        try {
            worker.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException failure) {
                    LOG.log(System.Logger.Level.WARNING, "acting on news from the cluster failed: " + failure);
                }
            });
        } catch (RejectedExecutionException closing) {
            // The node is shutting down: nothing more to do.
        }
    }
}
