package org.prismq.runner.application.fakes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.ModuleRunStats;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;
import org.prismq.runner.domain.run.RunStatus;

/**
 * {@link Runs} held in memory, for service tests. Thread-safe: every method holds the instance's monitor
 * for the duration of the call (it never blocks inside). Snapshots are stored and returned as given.
 */
public final class InMemoryRuns implements Runs {

    private static final Comparator<Run> OLDEST_FIRST =
            Comparator.comparing(Run::createdAt).thenComparing(Run::id);

    private final Map<RunId, Run> runs = new HashMap<>();
    private volatile FullDisk disk = new FullDisk();

    /** Stores on {@code storedOn}, which the test can fill. */
    public void storeOn(FullDisk storedOn) {
        this.disk = storedOn;
    }

    private volatile CountDownLatch addGate;
    private final CountDownLatch addHeld = new CountDownLatch(1);

    /** The next {@link #add} waits, outside the monitor, until {@code gate} opens, as on a slow disk. */
    public void holdNextAdd(CountDownLatch gate) {
        this.addGate = gate;
    }

    /** Waits until an add is held by {@link #holdNextAdd}. */
    public void awaitHeldAdd() throws InterruptedException {
        addHeld.await();
    }

    @Override
    public void add(Run run) {
        CountDownLatch gate = addGate;
        if (gate != null) {
            addGate = null;
            addHeld.countDown();
            try {
                gate.await();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        addNow(run);
    }

    private synchronized void addNow(Run run) {
        disk.write();
        if (runs.putIfAbsent(run.id(), run) != null) {
            throw new IllegalStateException("run " + run.id() + " is already recorded");
        }
    }

    @Override
    public synchronized boolean update(Run run) {
        Run recorded = runs.get(run.id());
        if (recorded == null) {
            throw new IllegalStateException("run " + run.id() + " is not recorded");
        }
        if (!recorded.isActive()) {
            return false;
        }
        disk.write();
        runs.put(run.id(), run);
        return true;
    }

    @Override
    public synchronized Optional<Run> find(RunId id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public synchronized RunPage list(RunFilter filter, int limit, int offset) {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative, were " + limit + " and "
                    + offset);
        }
        List<Run> matching = new ArrayList<>();
        for (Run run : runs.values()) {
            if (filter.matches(run)) {
                matching.add(run);
            }
        }
        matching.sort(OLDEST_FIRST.reversed());
        int from = Math.min(offset, matching.size());
        int to = (int) Math.min((long) from + limit, matching.size());
        return new RunPage(matching.subList(from, to), matching.size());
    }

    @Override
    public synchronized List<Run> active() {
        List<Run> active = new ArrayList<>();
        for (Run run : runs.values()) {
            if (run.isActive()) {
                active.add(run);
            }
        }
        active.sort(OLDEST_FIRST);
        return List.copyOf(active);
    }

    @Override
    public synchronized Map<ModuleId, ModuleRunStats> statsByModule() {
        Map<ModuleId, ModuleRunStats> stats = new TreeMap<>();
        for (Run run : runs.values()) {
            ModuleRunStats before = stats.getOrDefault(run.moduleId(), ModuleRunStats.NONE);
            Instant last = before.lastRun() == null || run.createdAt().isAfter(before.lastRun())
                    ? run.createdAt()
                    : before.lastRun();
            stats.put(run.moduleId(), new ModuleRunStats(
                    before.totalRuns() + 1,
                    before.completedRuns() + (run.status() == RunStatus.COMPLETED ? 1 : 0),
                    before.failedRuns() + (run.status() == RunStatus.FAILED ? 1 : 0),
                    last));
        }
        return Collections.unmodifiableMap(stats);
    }

    /** Takes the run out, for {@link InMemoryRunDeletion}; whether it was there. */
    synchronized boolean remove(RunId id) {
        return runs.remove(id) != null;
    }

    /** Every recorded run, for {@link InMemoryRunDeletion}. */
    synchronized List<Run> all() {
        return List.copyOf(runs.values());
    }
}
