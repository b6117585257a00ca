package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryRunDeletion;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The output of runs this node does not execute, followed through storage: the stored lines and the recorded
 * status reach followers, in order, whether told by news or found by looking again.
 */
class StoredOutputsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Duration NO_WAIT = Duration.ZERO;

    private final InMemoryRuns runs = new InMemoryRuns();
    private final InMemoryLogStore logs = new InMemoryLogStore(runs);
    private final StoredOutputs outputs = new StoredOutputs(runs, logs, 1000, 1L << 20);

    private Run queued(String suffix) {
        Run run = Run.queued(new RunId("run_20261125_100000_demo_" + suffix), new ModuleId("demo"), "Demo",
                Map.of(), NOW);
        runs.add(run);
        return run;
    }

    private void print(RunId run, long from, long to) {
        logs.append(run, LongStream.rangeClosed(from, to)
                .mapToObj(seq -> LogEntry.classified(seq, NOW, LogStream.STDOUT, "line " + seq)).toList());
    }

    private static FollowEvent next(Subscription subscription) throws InterruptedException {
        return subscription.next(NO_WAIT);
    }

    @Test
    void aFollowerOfARunExecutedElsewhereGetsItsStoredLinesAndStatusesInOrder() throws Exception {
        Run run = queued("00000001");
        LiveOutput output = outputs.watch(run);
        Subscription follower = new Subscription(run.id(), output, logs, 0, output.position().statusIndex(), 1000);
        assertInstanceOf(FollowEvent.Idle.class, next(follower));

        Run started = run.start(NOW);
        runs.update(started);
        outputs.refresh(run.id());
        print(run.id(), 1, 3);
        outputs.linesStored(run.id(), 3);
        runs.update(started.exited(0, null, NOW));
        outputs.refresh(run.id());

        assertEquals(new FollowEvent.StatusChanged(RunStatus.RUNNING), next(follower));
        FollowEvent.Lines lines = assertInstanceOf(FollowEvent.Lines.class, next(follower));
        assertEquals(List.of(1L, 2L, 3L), lines.entries().stream().map(LogEntry::seq).toList());
        assertEquals(new FollowEvent.StatusChanged(RunStatus.COMPLETED), next(follower));
        assertEquals(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 3), next(follower));
    }

    /**
     * On a shared database a run can end on another node and be deleted before this node looks again: its
     * followers must not wait for an end that no record will ever tell.
     */
    @Test
    void aRunDeletedBeforeItsEndWasSeenEndsItsFollowers() throws Exception {
        Run run = queued("00000009");
        Run started = run.start(NOW);
        runs.update(started);
        LiveOutput output = outputs.watch(run);
        Subscription follower = new Subscription(run.id(), output, logs, 0, output.position().statusIndex(), 1000);
        print(run.id(), 1, 2);
        outputs.linesStored(run.id(), 2);
        assertInstanceOf(FollowEvent.Lines.class, next(follower));

        runs.update(started.exited(0, null, NOW));
        new InMemoryRunDeletion(runs, logs).deleteNamed(Set.of(run.id()));
        outputs.refresh(run.id());

        assertEquals(new FollowEvent.Deleted(), next(follower));
        assertEquals(new FollowEvent.Deleted(), next(follower), "and nothing after it");
        assertTrue(output.hasEndedAt(0));
    }

    @Test
    void anEndedRunIsNoLongerWatched() {
        Run run = queued("00000002");
        outputs.watch(run);

        runs.update(run.cancel(null, NOW));
        outputs.refresh(run.id());

        assertTrue(outputs.adopt(run.id()).isEmpty(), "nothing left to hand over");
    }

    @Test
    void aQueuedRunThatThisNodeStartsHandsItsWatchedOutputOverOnce() {
        Run run = queued("00000003");
        LiveOutput watched = outputs.watch(run);

        assertSame(watched, outputs.adopt(run.id()).orElseThrow());
        assertTrue(outputs.adopt(run.id()).isEmpty());
        assertTrue(outputs.adopt(queued("00000004").id()).isEmpty(), "a run nobody followed has nothing");
    }

    @Test
    void lookingAgainAtEveryWatchedRunMakesUpForLostNews() {
        Run first = queued("00000005");
        Run second = queued("00000006");
        LiveOutput firstOutput = outputs.watch(first);
        LiveOutput secondOutput = outputs.watch(second);

        runs.update(first.start(NOW));
        print(first.id(), 1, 2);
        runs.update(first.start(NOW).exited(1, "failed", NOW));
        runs.update(second.cancel(null, NOW));
        outputs.refreshAll();

        assertTrue(firstOutput.hasEndedAt(2), "the lines and the end found in storage");
        assertTrue(secondOutput.hasEndedAt(0));
        assertFalse(outputs.adopt(first.id()).isPresent());
    }

    @Test
    void storedLinesNeverGoBack() {
        Run run = queued("00000007");
        LiveOutput output = outputs.watch(run);
        runs.update(run.start(NOW));
        print(run.id(), 1, 5);

        outputs.linesStored(run.id(), 5);
        outputs.linesStored(run.id(), 3);

        assertEquals(5, output.position().lastSeq());
    }
}
