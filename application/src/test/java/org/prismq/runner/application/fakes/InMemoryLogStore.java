package org.prismq.runner.application.fakes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.SearchScan;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.run.RunId;

/**
 * {@link LogStore} held in memory, for service tests. Thread-safe: every method holds the instance's monitor
 * for the duration of the call (it never blocks inside).
 *
 * <p>Stricter than the port requires, to catch callers that break its rules: a batch whose seqs do not follow
 * the run's stored lines without gaps is an {@link IllegalStateException}, and none of its lines are stored.
 * Built with a {@link Runs}, it also refuses lines of a run that registry does not know, as the SQLite store
 * does.
 */
public final class InMemoryLogStore implements LogStore {

    private final Runs runs;
    private final Map<RunId, NavigableMap<Long, LogEntry>> lines = new HashMap<>();
    private volatile FullDisk disk = new FullDisk();

    /** A store that takes lines of any run. */
    public InMemoryLogStore() {
        this.runs = null;
    }

    /** A store that takes lines only of runs recorded in {@code runs}. */
    public InMemoryLogStore(Runs runs) {
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    /** Stores on {@code storedOn}, which the test can fill. */
    public void storeOn(FullDisk storedOn) {
        this.disk = storedOn;
    }

    @Override
    public synchronized void append(RunId run, List<LogEntry> batch) {
        Objects.requireNonNull(run, "run");
        if (batch.isEmpty()) {
            return;
        }
        if (runs != null && runs.find(run).isEmpty()) {
            throw new IllegalStateException("run " + run + " is not recorded");
        }
        disk.write();
        NavigableMap<Long, LogEntry> stored = lines.computeIfAbsent(run, id -> new TreeMap<>());
        long expected = (stored.isEmpty() ? 0 : stored.lastKey()) + 1;
        for (LogEntry entry : batch) {
            if (entry.seq() != expected) {
                throw new IllegalStateException("run " + run + " expected line " + expected + " but got line "
                        + entry.seq());
            }
            expected++;
        }
        batch.forEach(entry -> stored.put(entry.seq(), entry));
    }

    @Override
    public synchronized void replaceWithMarker(RunId run, long fromSeq, LogEntry marker) {
        if (runs != null && runs.find(run).isEmpty()) {
            throw new IllegalStateException("run " + run + " is not recorded");
        }
        if (fromSeq > marker.seq()) {
            throw new IllegalStateException("the marker's seq " + marker.seq() + " is before " + fromSeq);
        }
        NavigableMap<Long, LogEntry> stored = lines.computeIfAbsent(run, id -> new TreeMap<>());
        stored.subMap(fromSeq, true, marker.seq(), true).clear();
        stored.put(marker.seq(), marker);
    }

    @Override
    public synchronized List<LogEntry> read(RunId run, long afterSeq, int limit) {
        LogStore.checkReadBounds("afterSeq", afterSeq, limit);
        return lines.getOrDefault(run, new TreeMap<>()).tailMap(afterSeq, false).values().stream()
                .limit(limit).toList();
    }

    @Override
    public synchronized List<LogEntry> readBefore(RunId run, long beforeSeq, int limit) {
        LogStore.checkReadBounds("beforeSeq", beforeSeq, limit);
        List<LogEntry> before = List.copyOf(
                lines.getOrDefault(run, new TreeMap<>()).headMap(beforeSeq, false).values());
        return before.subList(Math.max(0, before.size() - limit), before.size());
    }

    @Override
    public synchronized LogSlice query(RunId run, LogQuery query) {
        List<LogEntry> matching = new ArrayList<>();
        for (LogEntry entry : lines.getOrDefault(run, new TreeMap<>()).values()) {
            if (query.matches(entry)) {
                matching.add(entry);
            }
        }
        boolean truncated = matching.size() > query.limit();
        if (!truncated) {
            return new LogSlice(matching, false);
        }
        return new LogSlice(query.newest()
                ? matching.subList(matching.size() - query.limit(), matching.size())
                : matching.subList(0, query.limit()), true);
    }

    @Override
    public synchronized SearchPage search(RunId run, LogSearch search) {
        List<LogEntry> stored = List.copyOf(lines.getOrDefault(run, new TreeMap<>()).values());
        SearchScan scan = new SearchScan(search);
        int step = search.backward() ? -1 : 1;
        for (int i = search.backward() ? stored.size() - 1 : 0; i >= 0 && i < stored.size(); i += step) {
            if (scan.isFull()) {
                return scan.page(false);
            }
            if (scan.test(stored.get(i))) {
                scan.add(stored.get(i));
            }
        }
        return scan.page(true);
    }

    @Override
    public synchronized long lastSeq(RunId run) {
        NavigableMap<Long, LogEntry> stored = lines.get(run);
        return stored == null || stored.isEmpty() ? 0 : stored.lastKey();
    }

    /** Drops every line of the run, for {@link InMemoryRunDeletion}. */
    synchronized void forget(RunId run) {
        lines.remove(run);
    }
}
