package org.prismq.runner.application.execution;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.application.port.out.LaunchQueue;
import org.prismq.runner.application.port.out.QueuedRun;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * A service alone on its database: its queue is in memory, every run it starts was accepted here, and there is
 * no other node to hear from or to tell. Thread-safe.
 */
final class StandaloneNode extends NodeMode {

    private final Runs runs;
    private final LaunchQueue queue;
    /** What runs accepted here were checked against, so that a catalog reload does not change a queued run. */
    private final Map<RunId, CheckedRun> accepted = new ConcurrentHashMap<>();

    StandaloneNode(Runs runs) {
        this.runs = runs;
        this.queue = new LocalLaunchQueue(runs);
    }

    @Override
    NodeSettings node() {
        return NodeSettings.STANDALONE;
    }

    @Override
    LaunchQueue queue() {
        return queue;
    }

    /**
     * Every run left queued or running: the queue was in memory and the processes may outlive the earlier life,
     * so what is left of them is stopped first.
     */
    @Override
    int recover(OrphanedRuns orphans) {
        List<RunId> left = runs.active().stream().map(Run::id).toList();
        return orphans.failLeftBehind(left);
    }

    @Override
    void remember(RunId id, CheckedRun checked) {
        accepted.put(id, checked);
    }

    @Override
    Optional<CheckedRun> recall(RunId id) {
        return Optional.ofNullable(accepted.remove(id));
    }

    @Override
    void forget(RunId id) {
        accepted.remove(id);
    }

    /** Nothing to ask: a run not executing here and not queued is being claimed here, and the cancel waits. */
    @Override
    void requestCancel(RunId id) {
    }

    /** Cancels the waiting runs: nobody else would ever start them. */
    @Override
    void closeQueue(RunRecorder recorder, Instant now) {
        NodeSettings node = node();
        for (Optional<QueuedRun> left = queue.claim(node.id()); left.isPresent(); left = queue.claim(node.id())) {
            Run run = left.get().run();
            accepted.remove(run.id());
            recorder.record(run.cancel(null, EndMessages.SHUTDOWN_QUEUED, now));
        }
    }

    @Override
    void listen(Cluster.Listener listener) {
    }

    @Override
    void upkeep(RunSupervisor supervisor, OrphanedRuns orphans) {
    }

    @Override
    void leave() {
    }
}
