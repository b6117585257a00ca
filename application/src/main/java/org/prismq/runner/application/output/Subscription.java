package org.prismq.runner.application.output;

import java.time.Duration;
import java.util.List;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.in.LogSubscription;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunId;

/**
 * One follower's position in one run's output: the next seq it wants and the status it last reported. Lines
 * come from memory while the follower keeps up and from storage when it has fallen behind, so a slow follower
 * costs nothing per line and never misses one.
 */
public final class Subscription implements LogSubscription {

    private final RunId runId;
    private final LiveOutput output;
    private final LogStore store;
    private final int maxBatch;
    private final Bell bell = new Bell();
    private long next;
    private int statusIndex;
    private boolean closed;

    public Subscription(RunId runId, LiveOutput output, LogStore store, long afterSeq, int statusIndex,
            int maxBatch) {
        this.runId = runId;
        this.output = output;
        this.store = store;
        // Saturated: a resume from the largest position must wait past the end, not wrap round to the start.
        this.next = afterSeq == Long.MAX_VALUE ? Long.MAX_VALUE : afterSeq + 1;
        this.statusIndex = statusIndex;
        this.maxBatch = maxBatch;
    }

    @Override
    public FollowEvent next(Duration maxWait) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the subscription to " + runId + " is closed");
        }
        return switch (output.await(next, statusIndex, maxBatch, maxWait.toNanos(), bell)) {
            case FollowerView.Lines lines -> deliver(lines.entries(), false);
            case FollowerView.InStorage ignored -> readStored();
            case FollowerView.Status status -> {
                statusIndex = status.index();
                yield new FollowEvent.StatusChanged(status.status());
            }
            case FollowerView.Frame frame -> frame.frame();
            case FollowerView.End end -> new FollowEvent.Completed(end.status(), end.exitCode(), end.lastSeq());
            case FollowerView.Deleted ignored -> new FollowEvent.Deleted();
            case FollowerView.Nothing ignored -> new FollowEvent.Idle();
        };
    }

    private FollowEvent readStored() {
        List<LogEntry> stored = store.read(runId, next - 1, maxBatch);
        if (!stored.isEmpty()) {
            return deliver(stored, true);
        }
        // An ended run's lines vanish only when the run is deleted: its followers end where they are.
        FollowerView.End end = output.endedOrNull();
        if (end != null) {
            return new FollowEvent.Completed(end.status(), end.exitCode(), next - 1);
        }
        // A line leaves memory only once it is stored, so this is a broken LogStore, not a race.
        throw new IllegalStateException("line " + next + " of " + runId + " is neither in memory nor stored");
    }

    /**
     * @param stored whether the lines come from storage, where an output cap may have replaced the line asked
     *               for and its neighbours with a marker of a later seq ({@link OutputCap})
     */
    private FollowEvent deliver(List<LogEntry> entries, boolean stored) {
        long first = entries.getFirst().seq();
        if (first < next || first > next && !stored) {
            throw new IllegalStateException("expected line " + next + " of " + runId + " but got "
                    + entries.getFirst().seq());
        }
        next = entries.getLast().seq() + 1;
        return new FollowEvent.Lines(entries);
    }

    @Override
    public void wakeUp() {
        output.ring(bell);
    }

    @Override
    public void close() {
        closed = true;
    }
}
