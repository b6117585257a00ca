package org.prismq.runner.application.output;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * The live output of active runs that this node does not execute: runs still waiting in the queue, and runs that
 * another node executes. Their followers read every line from storage; this keeps each such run's
 * {@link LiveOutput} up to date with how far storage has come and with the run's recorded status, so followers
 * are woken as lines are stored and get the end when the run ends, in the same order and with the same
 * no-gap, no-duplicate promise as for a run executed here. Told of changes by the node's news
 * ({@link #linesStored}, {@link #refresh}), and looking again at every watched run on each {@link #refreshAll},
 * so a lost message only delays a follower. Thread-safe.
 */
public final class StoredOutputs {

    private static final System.Logger LOG = System.getLogger(StoredOutputs.class.getName());

    private final Runs runs;
    private final LogStore store;
    private final int maxLines;
    private final long maxBytes;
    private final Map<RunId, Watched> watched = new ConcurrentHashMap<>();

    public StoredOutputs(Runs runs, LogStore store, int maxLines, long maxBytes) {
        this.runs = runs;
        this.store = store;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    /** The output of the active run {@code run}, watched through storage from now on until it ends. */
    public LiveOutput watch(Run run) {
        Watched entry = watched.computeIfAbsent(run.id(),
                id -> new Watched(new LiveOutput(run.status(), maxLines, maxBytes), new ReentrantLock()));
        refresh(run.id());
        return entry.output();
    }

    /**
     * Hands over the watched output of a queued run that this node now starts, so that its followers get its
     * lines live from memory; empty when nobody followed it.
     */
    public Optional<LiveOutput> adopt(RunId run) {
        return Optional.ofNullable(watched.remove(run)).map(Watched::output);
    }

    /** Every line of {@code run} up to {@code lastSeq} is stored. */
    public void linesStored(RunId run, long lastSeq) {
        Watched entry = watched.get(run);
        if (entry != null) {
            entry.output().storedUpTo(lastSeq);
        }
    }

    /** Looks up the run's recorded status and stored lines again; an ended run is no longer watched. */
    public void refresh(RunId run) {
        Watched entry = watched.get(run);
        if (entry == null) {
            return;
        }
        // One refresh of a run at a time, so that statuses are passed on in the order they were read. A lock, not
        // a monitor: the reads below would pin a virtual thread to its carrier while it holds a monitor.
        entry.lock().lock();
        try {
            LiveOutput output = entry.output();
            Optional<Run> recorded;
            long lastSeq;
            try {
                // The status first, then the lines: a run's end is recorded only after its last line is stored,
                // so lines read after an end include every line of the run.
                recorded = runs.find(run);
                lastSeq = store.lastSeq(run);
            } catch (RuntimeException failure) {
                LOG.log(System.Logger.Level.WARNING, "looking up " + run + " failed; trying again later: " + failure);
                return;
            }
            if (recorded.isEmpty()) {
                watched.remove(run, entry);
                output.deleted();
                return;
            }
            Run now = recorded.get();
            output.storedUpTo(lastSeq);
            output.follow(now.status(), now.exitCode(), now.startedAt() != null);
            if (!now.isActive()) {
                watched.remove(run, entry);
            }
        } finally {
            entry.lock().unlock();
        }
    }

    /** Refreshes every watched run. */
    public void refreshAll() {
        List.copyOf(watched.keySet()).forEach(this::refresh);
    }

    /** A watched run's output, and the lock that keeps its refreshes one at a time. */
    private record Watched(LiveOutput output, ReentrantLock lock) {
    }
}
