package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * Frames of the line being written on their way to followers: live only, at most one every
 * {@link Frames#INTERVAL_NANOS}, the last one delivered unless its line came first. Time is a timer moved by hand.
 */
class FramesTest {

    private static final RunId RUN = new RunId("run_20261206_100000_bar_00000001");
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final ManualTimer timer = new ManualTimer();
    private final FollowerParking parking = new FollowerParking(timer);
    private final LiveOutput output = new LiveOutput(RunStatus.RUNNING, 100_000, Long.MAX_VALUE, parking);
    private final InMemoryLogStore store = new InMemoryLogStore();
    private final OutputCapture capture = new OutputCapture(RUN, output, store,
            new MutableClock(Instant.parse("2026-12-06T10:00:00Z")), new Silent(), 1000, 1L << 20);
    private final ExecutorService followers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopFollowers() {
        followers.shutdownNow();
    }

    @Test
    void aFollowerAtTheLiveEndGetsTheFrameOnceWithTheSeqTheLineWillGet() throws InterruptedException {
        capture.lines(LogStream.STDOUT, List.of("one", "two"));
        Subscription follower = follower(2);

        capture.frame(LogStream.STDERR, " 40%|####   |  ");

        assertEquals(new FollowEvent.Frame(3, LogStream.STDERR, " 40%|####   |"), follower.next(Duration.ZERO));
        assertInstanceOf(FollowEvent.Idle.class, follower.next(Duration.ZERO), "a frame is given once");
    }

    @Test
    void framesAreNeverStoredNumberedOrParsedAsProgress() {
        Silent heard = new Silent();
        OutputCapture listened = new OutputCapture(RUN, output, store,
                new MutableClock(Instant.EPOCH), heard, 1000, 1L << 20);

        listened.frame(LogStream.STDOUT, "::progress::1/2");
        listened.frame(LogStream.STDOUT, "ERROR 99%");
        listened.lines(LogStream.STDOUT, List.of("done"));
        listened.exited(0);

        List<LogEntry> stored = store.read(RUN, 0, 10);
        assertEquals(List.of("done"), stored.stream().map(LogEntry::message).toList());
        assertEquals(1, stored.getFirst().seq());
        assertEquals(List.of(), heard.progress);
    }

    @Test
    void atMostOneFrameATenthOfASecondReachesFollowers() throws InterruptedException {
        Subscription follower = follower(0);
        int delivered = 0;
        for (int i = 1; i <= 1000; i++) {
            capture.frame(LogStream.STDOUT, i / 10 + "%");
            timer.moveTo(i * MILLI);
            if (follower.next(Duration.ZERO) instanceof FollowEvent.Frame) {
                delivered++;
            }
        }

        assertTrue(delivered >= 10 && delivered <= 11, "frames delivered in one second: " + delivered);
        assertEquals(delivered, timer.ran() + 1, "each frame after the first waited for its turn");
    }

    @Test
    void theLastFrameIsDeliveredWhenFramesStop() throws InterruptedException {
        Subscription follower = follower(0);
        capture.frame(LogStream.STDOUT, "10%");
        assertEquals("10%", ((FollowEvent.Frame) follower.next(Duration.ZERO)).text());

        timer.moveTo(10 * MILLI);
        capture.frame(LogStream.STDOUT, "20%");
        timer.moveTo(20 * MILLI);
        capture.frame(LogStream.STDOUT, "30%");
        assertInstanceOf(FollowEvent.Idle.class, follower.next(Duration.ZERO), "too soon after the first");

        timer.moveTo(100 * MILLI);

        assertEquals(new FollowEvent.Frame(1, LogStream.STDOUT, "30%"), follower.next(Duration.ZERO),
                "the latest waiting frame, at its turn");
        assertInstanceOf(FollowEvent.Idle.class, follower.next(Duration.ZERO));
    }

    @Test
    void aWaitingFrameIsDroppedOnceItsLineIsComplete() throws InterruptedException {
        Subscription follower = follower(0);
        capture.frame(LogStream.STDOUT, "10%");
        follower.next(Duration.ZERO);
        timer.moveTo(10 * MILLI);
        capture.frame(LogStream.STDOUT, "99%");

        capture.lines(LogStream.STDOUT, List.of("100%"));
        timer.moveTo(100 * MILLI);

        assertEquals(List.of("100%"), messages(follower.next(Duration.ZERO)));
        assertInstanceOf(FollowEvent.Idle.class, follower.next(Duration.ZERO), "the line shows the final state");
    }

    @Test
    void aShownFrameIsNotGivenToAFollowerOnceItsLineIsComplete() throws InterruptedException {
        capture.frame(LogStream.STDOUT, "10%");
        capture.lines(LogStream.STDOUT, List.of("100%"));
        Subscription late = follower(0);

        assertEquals(List.of("100%"), messages(late.next(Duration.ZERO)));
        assertInstanceOf(FollowEvent.Idle.class, late.next(Duration.ZERO));
    }

    @Test
    void aFollowerBehindGetsItsLinesFirstAndThenTheLatestFrame() throws InterruptedException {
        capture.lines(LogStream.STDOUT, List.of("one", "two", "three"));
        capture.frame(LogStream.STDOUT, "50%");
        Subscription behind = follower(0);

        assertEquals(List.of("one", "two", "three"), messages(behind.next(Duration.ZERO)));
        assertEquals(new FollowEvent.Frame(4, LogStream.STDOUT, "50%"), behind.next(Duration.ZERO));
    }

    /** The next event of {@code follower}, asked for on another thread, once the follower has parked for it. */
    private CompletableFuture<FollowEvent> parkedNext(Subscription follower) {
        CompletableFuture<FollowEvent> next = CompletableFuture.supplyAsync(() -> {
            try {
                return follower.next(Duration.ofNanos(HOUR));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, followers);
        Await.until("the follower parked", () -> parking.parked() == 1);
        return next;
    }

    @Test
    void aParkedFollowerIsWokenByAFrame() throws Exception {
        Subscription follower = follower(0);
        CompletableFuture<FollowEvent> next = parkedNext(follower);

        capture.frame(LogStream.STDOUT, "1%");

        assertEquals(new FollowEvent.Frame(1, LogStream.STDOUT, "1%"), next.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aFrameWhoseTurnComesIsDeliveredToAParkedFollower() throws Exception {
        Subscription follower = follower(0);
        capture.frame(LogStream.STDOUT, "1%");
        follower.next(Duration.ZERO);
        capture.frame(LogStream.STDOUT, "2%");
        CompletableFuture<FollowEvent> next = parkedNext(follower);

        timer.moveTo(100 * MILLI);

        assertEquals(new FollowEvent.Frame(1, LogStream.STDOUT, "2%"), next.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aFrameOfALineOtherThanTheOneBeingWrittenIsIgnored() throws InterruptedException {
        output.frame(new FollowEvent.Frame(5, LogStream.STDOUT, "not the next line"));

        assertInstanceOf(FollowEvent.Idle.class, follower(0).next(Duration.ZERO));
    }

    private Subscription follower(long afterSeq) {
        return new Subscription(RUN, output, store, afterSeq, output.position().statusIndex(), 100);
    }

    private static List<String> messages(FollowEvent event) {
        return assertInstanceOf(FollowEvent.Lines.class, event).entries().stream().map(LogEntry::message).toList();
    }

    /** A listener that notes progress and ignores the rest. */
    private static final class Silent implements OutputCapture.Listener {

        final List<Progress> progress = new ArrayList<>();

        @Override
        public void progress(Progress update) {
            progress.add(update);
        }

        @Override
        public void stored(long lastSeq) {
        }

        @Override
        public void exited(int exitCode) {
        }
    }
}
