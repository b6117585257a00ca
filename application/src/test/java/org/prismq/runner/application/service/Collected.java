package org.prismq.runner.application.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.in.LogSubscription;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunStatus;

/** What a follower saw: its lines, frames, the status changes and the end; and the ways the tests read them. */
final class Collected {

    final List<LogEntry> lines = new ArrayList<>();
    final List<RunStatus> statuses = new ArrayList<>();
    final List<FollowEvent.Frame> frames = new ArrayList<>();
    FollowEvent.Completed completed;

    List<Long> seqs() {
        return lines.stream().map(LogEntry::seq).toList();
    }

    List<String> messages() {
        return lines.stream().map(LogEntry::message).toList();
    }

    /** Reads events until the run is complete; fails when nothing comes within {@code wait}. */
    static Collected readToEnd(LogSubscription subscription, Duration wait) throws InterruptedException {
        Collected collected = new Collected();
        while (true) {
            switch (subscription.next(wait)) {
                case FollowEvent.Lines lines -> collected.lines.addAll(lines.entries());
                case FollowEvent.StatusChanged changed -> collected.statuses.add(changed.status());
                case FollowEvent.Frame frame -> collected.frames.add(frame);
                case FollowEvent.Completed completed -> {
                    collected.completed = completed;
                    return collected;
                }
                case FollowEvent.Deleted deleted -> throw new AssertionError("the run was deleted while followed");
                case FollowEvent.Idle idle -> throw collected.silence(wait);
            }
        }
    }

    /** Reads events, while the run goes on, until line {@code seq} has come; fails on an end or a silence. */
    static Collected readThroughLine(LogSubscription subscription, long seq, Duration wait)
            throws InterruptedException {
        Collected collected = new Collected();
        while (collected.lines.isEmpty() || collected.lines.getLast().seq() < seq) {
            switch (subscription.next(wait)) {
                case FollowEvent.Lines lines -> collected.lines.addAll(lines.entries());
                case FollowEvent.StatusChanged changed -> collected.statuses.add(changed.status());
                case FollowEvent.Frame frame -> collected.frames.add(frame);
                case FollowEvent.Completed completed -> throw new AssertionError("the run ended before line "
                        + seq + ": " + completed);
                case FollowEvent.Deleted deleted -> throw new AssertionError("the run was deleted while followed");
                case FollowEvent.Idle idle -> throw collected.silence(wait);
            }
        }
        return collected;
    }

    private AssertionError silence(Duration wait) {
        return new AssertionError("no event within " + wait + " after " + lines.size() + " lines and " + statuses);
    }
}
