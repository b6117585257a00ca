package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Followers of one output, woken by lines, status changes and the ends of their waits. The ends of waits come from
 * a timer the tests move by hand, so no test depends on how fast anything runs: a test waits only for a follower to
 * be parked, or for its answer.
 */
class LiveOutputTest {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final ManualTimer timer = new ManualTimer();
    private final FollowerParking parking = new FollowerParking(timer);
    private final LiveOutput output = new LiveOutput(RunStatus.RUNNING, 100_000, Long.MAX_VALUE, parking);
    private final ExecutorService followers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopFollowers() {
        followers.shutdownNow();
    }

    private static List<LogEntry> lines(long from, int count) {
        return LongStream.range(from, from + count)
                .mapToObj(seq -> LogEntry.classified(seq, Instant.EPOCH, LogStream.STDOUT, "line " + seq)).toList();
    }

    /** A follower that wants line {@code next}, parked or about to be, on a thread of its own. */
    private CompletableFuture<FollowerView> follower(long next, long maxWaitNanos) {
        return follower(next, maxWaitNanos, new Bell());
    }

    private CompletableFuture<FollowerView> follower(long next, long maxWaitNanos, Bell bell) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return output.await(next, 0, 1000, maxWaitNanos, bell);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, followers);
    }

    private void awaitParked(int count) {
        Await.until(count + " parked followers", () -> parking.parked() == count);
    }

    private static <T> T answer(Future<T> follower) throws Exception {
        return follower.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aParkedFollowerGetsNewLinesAtOnceWithoutTheTimer() throws Exception {
        CompletableFuture<FollowerView> follower = follower(1, HOUR);
        awaitParked(1);

        output.publish(lines(1, 3));

        FollowerView.Lines got = assertInstanceOf(FollowerView.Lines.class, answer(follower));
        assertEquals(List.of(1L, 2L, 3L), got.entries().stream().map(LogEntry::seq).toList());
        assertEquals(0, timer.ran());
        assertEquals(0, parking.parked());
    }

    @Test
    void aWaitEndsWithTheSweepAtItsEndAndNotBefore() throws Exception {
        timer.moveTo(0);
        CompletableFuture<FollowerView> follower = follower(1, 250 * MILLI);
        awaitParked(1);

        timer.moveTo(249 * MILLI);
        assertEquals(0, timer.ran());
        assertFalse(follower.isDone());
        assertEquals(1, parking.parked());

        timer.moveTo(250 * MILLI);
        assertInstanceOf(FollowerView.Nothing.class, answer(follower));
        assertEquals(1, timer.ran());
    }

    @Test
    void oneSweepEndsTheWaitsThatEndSoonAfterAndComesBackForTheLaterOnes() throws Exception {
        timer.moveTo(0);
        CompletableFuture<FollowerView> first = follower(1, 250 * MILLI);
        awaitParked(1);
        timer.moveTo(5 * MILLI);
        CompletableFuture<FollowerView> soonAfter = follower(1, 250 * MILLI);
        awaitParked(2);
        timer.moveTo(40 * MILLI);
        CompletableFuture<FollowerView> later = follower(1, 250 * MILLI);
        awaitParked(3);

        timer.moveTo(250 * MILLI);
        assertInstanceOf(FollowerView.Nothing.class, answer(first));
        assertInstanceOf(FollowerView.Nothing.class, answer(soonAfter));
        assertEquals(1, timer.ran());
        assertEquals(1, parking.parked());
        assertFalse(later.isDone());

        timer.moveTo(290 * MILLI);
        assertInstanceOf(FollowerView.Nothing.class, answer(later));
        assertEquals(2, timer.ran());
    }

    @Test
    void aShorterWaitIsEndedBeforeTheLongerOnesParkedEarlier() throws Exception {
        timer.moveTo(0);
        CompletableFuture<FollowerView> patient = follower(1, 250 * MILLI);
        awaitParked(1);
        CompletableFuture<FollowerView> hasty = follower(1, 20 * MILLI);
        awaitParked(2);

        timer.moveTo(20 * MILLI);
        assertInstanceOf(FollowerView.Nothing.class, answer(hasty));
        assertFalse(patient.isDone());

        output.publish(lines(1, 1));
        assertInstanceOf(FollowerView.Lines.class, answer(patient));
    }

    @Test
    void aStatusChangeWakesEveryParkedFollower() throws Exception {
        List<CompletableFuture<FollowerView>> parked = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            parked.add(follower(1, HOUR));
        }
        awaitParked(20);

        output.status(RunStatus.COMPLETED, 0);

        for (CompletableFuture<FollowerView> follower : parked) {
            FollowerView.Status status = assertInstanceOf(FollowerView.Status.class, answer(follower));
            assertEquals(RunStatus.COMPLETED, status.status());
        }
        assertEquals(0, timer.ran());
    }

    @Test
    void aRungBellEndsOnlyItsFollowersWaitAndLeavesTheOthersParked() throws Exception {
        Bell bell = new Bell();
        CompletableFuture<FollowerView> rung = follower(1, HOUR, bell);
        CompletableFuture<FollowerView> other = follower(1, HOUR);
        awaitParked(2);

        output.ring(bell);

        assertInstanceOf(FollowerView.Nothing.class, answer(rung));
        assertEquals(1, parking.parked());
        assertFalse(other.isDone());
        assertEquals(0, timer.ran());
        output.publish(lines(1, 1));
        assertInstanceOf(FollowerView.Lines.class, answer(other));
    }

    @Test
    void aBellRungBetweenWaitsEndsTheNextWaitAtOnceAndOnlyThatOne() throws Exception {
        Bell bell = new Bell();
        output.ring(bell);

        assertInstanceOf(FollowerView.Nothing.class, output.await(1, 0, 1000, HOUR, bell));
        output.publish(lines(1, 2));
        output.ring(bell);
        FollowerView.Lines first = assertInstanceOf(FollowerView.Lines.class,
                output.await(1, 0, 1, HOUR, bell), "lines come before a ring");
        assertEquals(1, first.entries().getLast().seq());
        assertInstanceOf(FollowerView.Lines.class, output.await(2, 0, 1, HOUR, bell));
        assertInstanceOf(FollowerView.Nothing.class, output.await(3, 0, 1000, HOUR, bell),
                "the ring ends the first wait");
        assertEquals(0, parking.parked());

        CompletableFuture<FollowerView> again = follower(3, HOUR, bell);
        awaitParked(1);
        assertFalse(again.isDone(), "the ring was used up");
        output.ring(bell);
        assertInstanceOf(FollowerView.Nothing.class, answer(again));
    }

    @Test
    void anInterruptedFollowerStopsWaitingAndLeaves() throws Exception {
        FutureTask<FollowerView> follower =
                new FutureTask<>(() -> output.await(1, 0, 1000, HOUR, new Bell()));
        Thread thread = Thread.ofVirtual().start(follower);
        awaitParked(1);

        thread.interrupt();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> answer(follower));
        assertInstanceOf(InterruptedException.class, failure.getCause());
        assertEquals(0, parking.parked());
    }

    /**
     * Hundreds of followers read a run printed in batches of every size while they come and go between waits. The
     * timer never runs, so a wake-up that got lost would leave a follower parked for good and fail the test.
     */
    @Test
    void everyFollowerGetsEveryLineOnceAndInOrder() throws Exception {
        int lineCount = 5_000;
        List<Future<List<Long>>> readers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int maxBatch = 1 + i % 37;
            readers.add(followers.submit(() -> {
                List<Long> seqs = new ArrayList<>(lineCount);
                Bell bell = new Bell();
                long next = 1;
                while (next <= lineCount) {
                    FollowerView view = output.await(next, 0, maxBatch, HOUR, bell);
                    List<LogEntry> got = assertInstanceOf(FollowerView.Lines.class, view).entries();
                    got.forEach(entry -> seqs.add(entry.seq()));
                    next = got.getLast().seq() + 1;
                }
                return seqs;
            }));
        }

        Random sizes = new Random(42);
        for (long seq = 1; seq <= lineCount; ) {
            int size = (int) Math.min(1 + sizes.nextInt(7), lineCount - seq + 1);
            output.publish(lines(seq, size));
            seq += size;
            if (sizes.nextInt(50) == 0) {
                Thread.yield();
            }
        }

        List<Long> every = LongStream.rangeClosed(1, lineCount).boxed().toList();
        for (Future<List<Long>> reader : readers) {
            assertEquals(every, answer(reader));
        }
        assertEquals(0, timer.ran());
    }
}
