package org.prismq.runner.application.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.application.port.out.LaunchQueue;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.NodeId;
import org.prismq.runner.application.port.out.QueuedRun;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.run.ModuleRunStats;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;

/**
 * Several service nodes on one database, held in memory, for tests that run several {@link
 * org.prismq.runner.application.execution.RunSupervisor}s in one JVM: the {@link Cluster} and the shared {@link
 * LaunchQueue} at once. Heartbeats are read on the clock a test gives (a {@link MutableClock}), so a node "dies"
 * when the test moves that clock past the timeout and the node does not beat again.
 *
 * <p>Unlike a database adapter, which serves one node, it takes one {@link Listener} per node and tells each of
 * them every piece of news. News is sent as a database's triggers would: a run queued, a cancel asked for, and,
 * through the stores wrapped by {@link #announceChangesOf(Runs)} and {@link #announceLinesOf(LogStore)}, a run's
 * record changed and lines stored. {@link #loseNews} drops it all, as a broken connection would.
 *
 * <p>Thread-safe: every method holds the instance's monitor while it reads or changes the state (it never blocks
 * inside), and tells the listeners after letting go of it.
 */
public final class InMemoryCluster implements Cluster, LaunchQueue {

    private final Runs runs;
    private final Clock clock;
    private final Map<NodeId, Instant> beats = new HashMap<>();
    private final Deque<QueuedRun> waiting = new ArrayDeque<>();
    private final Map<RunId, NodeId> holders = new HashMap<>();
    private final Set<RunId> cancelRequested = new HashSet<>();
    /** Runs already returned by {@link #reap}: each goes to one caller only. */
    private final Set<RunId> reaped = new HashSet<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean newsLost;

    /**
     * @param runs  the registry every node shares (the database's), which queued runs are recorded in
     * @param clock the database's clock, on which heartbeats are read
     */
    public InMemoryCluster(Runs runs, Clock clock) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean enqueue(Run run, Map<String, Object> values, int capacity) {
        synchronized (this) {
            if (waiting.size() >= capacity) {
                return false;
            }
            runs.add(run);
            waiting.addLast(new QueuedRun(run, values));
        }
        tell(Listener::queueChanged);
        return true;
    }

    @Override
    public synchronized Optional<QueuedRun> claim(NodeId node) {
        Objects.requireNonNull(node, "node");
        QueuedRun next = waiting.pollFirst();
        if (next != null) {
            holders.put(next.run().id(), node);
        }
        return Optional.ofNullable(next);
    }

    @Override
    public synchronized boolean remove(RunId run) {
        return waiting.removeIf(queued -> queued.run().id().equals(run));
    }

    @Override
    public synchronized int size() {
        return waiting.size();
    }

    @Override
    public synchronized boolean heartbeat(NodeId node) {
        return beats.put(Objects.requireNonNull(node, "node"), clock.instant()) != null;
    }

    @Override
    public synchronized List<RunId> heldBy(NodeId node) {
        return runs.active().stream().map(Run::id).filter(id -> node.equals(holders.get(id))).toList();
    }

    @Override
    public synchronized List<RunId> reap(Duration timeout) {
        Instant oldest = clock.instant().minus(timeout);
        beats.values().removeIf(beat -> beat.isBefore(oldest));
        List<RunId> orphans = new ArrayList<>();
        Set<RunId> queued = new HashSet<>();
        waiting.forEach(queuedRun -> queued.add(queuedRun.run().id()));
        for (Run run : runs.active()) {
            NodeId holder = holders.get(run.id());
            boolean orphan = holder == null ? !queued.contains(run.id()) : !beats.containsKey(holder);
            if (orphan && reaped.add(run.id())) {
                holders.remove(run.id());
                orphans.add(run.id());
            }
        }
        return orphans;
    }

    @Override
    public void requestCancel(RunId run) {
        synchronized (this) {
            cancelRequested.add(Objects.requireNonNull(run, "run"));
        }
        tell(listener -> listener.cancelRequested(run));
    }

    @Override
    public synchronized List<RunId> cancelRequests(NodeId node) {
        List<RunId> requested = new ArrayList<>();
        for (RunId run : cancelRequested) {
            if (node.equals(holders.get(run)) && runs.find(run).filter(Run::isActive).isPresent()) {
                requested.add(run);
            }
        }
        return requested;
    }

    /** Adds the listener of one more node: every node that shares this cluster registers its own. */
    @Override
    public void listen(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public synchronized void leave(NodeId node) {
        beats.remove(node);
        holders.values().removeIf(node::equals);
    }

    /** The node that claimed {@code run}, while it holds it. */
    public synchronized Optional<NodeId> holder(RunId run) {
        return Optional.ofNullable(holders.get(run));
    }

    /** When {@code node} last beat, while it is alive. */
    public synchronized Optional<Instant> lastHeartbeat(NodeId node) {
        return Optional.ofNullable(beats.get(node));
    }

    /** The nodes alive: those that beat and were neither reaped nor left. */
    public synchronized Set<NodeId> nodes() {
        return Set.copyOf(beats.keySet());
    }

    /** Drops every piece of news from now on ({@code true}), as a broken connection would, or sends it again. */
    public void loseNews(boolean lost) {
        this.newsLost = lost;
    }

    /** Tells every node that the record of {@code run} changed. */
    public void runChanged(RunId run) {
        tell(listener -> listener.runChanged(run));
    }

    /** Tells every node that the lines of {@code run} up to {@code lastSeq} are stored. */
    public void linesStored(RunId run, long lastSeq) {
        tell(listener -> listener.linesStored(run, lastSeq));
    }

    /** Tells every node that news may have been lost. */
    public void resync() {
        tell(Listener::resync);
    }

    /** {@code runs}, telling every node of each update once it is made, as a database's trigger would. */
    public Runs announceChangesOf(Runs runs) {
        return new AnnouncingRuns(Objects.requireNonNull(runs, "runs"));
    }

    /** {@code store}, telling every node of each batch of lines once it is stored, as a database's trigger would. */
    public LogStore announceLinesOf(LogStore store) {
        return new AnnouncingLogStore(Objects.requireNonNull(store, "store"));
    }

    private void tell(Consumer<Listener> news) {
        if (newsLost) {
            return;
        }
        listeners.forEach(news);
    }

    /** Runs that send news of each update. */
    private final class AnnouncingRuns implements Runs {

        private final Runs delegate;

        AnnouncingRuns(Runs delegate) {
            this.delegate = delegate;
        }

        @Override
        public void add(Run run) {
            delegate.add(run);
        }

        @Override
        public boolean update(Run run) {
            boolean replaced = delegate.update(run);
            runChanged(run.id());
            return replaced;
        }

        @Override
        public Optional<Run> find(RunId id) {
            return delegate.find(id);
        }

        @Override
        public RunPage list(RunFilter filter, int limit, int offset) {
            return delegate.list(filter, limit, offset);
        }

        @Override
        public List<Run> active() {
            return delegate.active();
        }

        @Override
        public Map<ModuleId, ModuleRunStats> statsByModule() {
            return delegate.statsByModule();
        }
    }

    /** A log store that sends news of each stored batch. */
    private final class AnnouncingLogStore implements LogStore {

        private final LogStore delegate;

        AnnouncingLogStore(LogStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void append(RunId run, List<LogEntry> batch) {
            delegate.append(run, batch);
            if (!batch.isEmpty()) {
                linesStored(run, batch.getLast().seq());
            }
        }

        @Override
        public List<LogEntry> read(RunId run, long afterSeq, int limit) {
            return delegate.read(run, afterSeq, limit);
        }

        @Override
        public List<LogEntry> readBefore(RunId run, long beforeSeq, int limit) {
            return delegate.readBefore(run, beforeSeq, limit);
        }

        @Override
        public LogSlice query(RunId run, LogQuery query) {
            return delegate.query(run, query);
        }

        @Override
        public SearchPage search(RunId run, LogSearch search) {
            return delegate.search(run, search);
        }

        @Override
        public long lastSeq(RunId run) {
            return delegate.lastSeq(run);
        }

        @Override
        public void replaceWithMarker(RunId run, long fromSeq, LogEntry marker) {
            delegate.replaceWithMarker(run, fromSeq, marker);
        }
    }
}
