package org.prismq.runner.application.service;

import java.util.ArrayList;
import java.util.List;

import org.prismq.runner.application.execution.NodeRuns;
import org.prismq.runner.application.output.LiveOutput;
import org.prismq.runner.application.output.Subscription;
import org.prismq.runner.application.port.in.FollowLogsUseCase;
import org.prismq.runner.application.port.in.FollowStart;
import org.prismq.runner.application.port.in.LogSubscription;
import org.prismq.runner.application.port.in.ReadLogsUseCase;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.log.SearchTooSlowException;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * Reads and follows runs' output. Stored lines come from the {@link LogStore}; the lines of an active run come
 * from its live output while a follower keeps up.
 */
public final class LogService implements ReadLogsUseCase, FollowLogsUseCase {

    /** The most lines one follower event carries. */
    static final int FOLLOW_BATCH = 1000;

    private final LogStore store;
    private final NodeRuns nodeRuns;

    public LogService(LogStore store, NodeRuns nodeRuns) {
        this.store = store;
        this.nodeRuns = nodeRuns;
    }

    @Override
    public LogSlice query(RunId run, LogQuery query) {
        requireRun(run);
        return store.query(run, query);
    }

    @Override
    public LogSlice around(RunId run, long seq, int context) {
        if (seq < 1 || context < 0) {
            throw new IllegalArgumentException("seq must be at least 1 and context not negative, were " + seq
                    + " and " + context);
        }
        requireRun(run);
        long last = store.lastSeq(run);
        long anchor = Math.min(seq, Math.max(1, last));
        List<LogEntry> before = store.readBefore(run, anchor, context);
        List<LogEntry> from = store.read(run, anchor - 1, context + 1);
        List<LogEntry> window = new ArrayList<>(before.size() + from.size());
        window.addAll(before);
        window.addAll(from);
        boolean outside = !window.isEmpty() && (window.getFirst().seq() > 1 || window.getLast().seq() < last);
        return new LogSlice(window, outside);
    }

    @Override
    public LogSlice before(RunId run, long beforeSeq, int limit) {
        requireRun(run);
        // One line more than asked tells whether earlier lines remain.
        List<LogEntry> lines = store.readBefore(run, beforeSeq, limit + 1);
        boolean truncated = lines.size() > limit;
        return new LogSlice(truncated ? lines.subList(1, lines.size()) : lines, truncated);
    }

    @Override
    public List<LogEntry> page(RunId run, long afterSeq, int limit) {
        requireRun(run);
        return store.read(run, afterSeq, limit);
    }

    @Override
    public SearchPage search(RunId run, LogSearch search) {
        requireRun(run);
        try {
            return store.search(run, search);
        } catch (SearchTooSlowException runaway) {
            throw new RunnerException.SearchTooSlow(runaway.getMessage());
        }
    }

    @Override
    public long lineCount(RunId run) {
        requireRun(run);
        return store.lastSeq(run);
    }

    @Override
    public LogSubscription follow(RunId run, FollowStart start) {
        LiveOutput output = outputOf(run);
        LiveOutput.Position position = output.position();
        long after = switch (start) {
            case FollowStart.After from -> from.seq();
            case FollowStart.Tail tail -> Math.max(0, position.lastSeq() - tail.lines());
        };
        return new Subscription(run, output, store, after, position.statusIndex(), FOLLOW_BATCH);
    }

    @Override
    public boolean hasEndedAt(RunId run, long seq) {
        return outputOf(run).hasEndedAt(seq);
    }

    /**
     * The live output of a run this node executes; else, for a run still queued or executed by another node, its
     * output followed through storage; else a view of the ended run's stored output.
     */
    private LiveOutput outputOf(RunId id) {
        return nodeRuns.liveOutput(id).orElseGet(() -> {
            Run run = requireRun(id);
            if (run.isActive()) {
                return nodeRuns.watch(run);
            }
            return LiveOutput.ended(run.status(), run.exitCode(), store.lastSeq(id));
        });
    }

    private Run requireRun(RunId id) {
        return nodeRuns.latest(id).orElseThrow(() -> new RunnerException.RunNotFound(id));
    }
}
