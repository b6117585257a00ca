package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;

class StoreQueueTest {

    private static List<LogEntry> batch(long from, int count) {
        return LongStream.range(from, from + count)
                .mapToObj(seq -> LogEntry.classified(seq, Instant.EPOCH, LogStream.STDOUT, "line " + seq)).toList();
    }

    /** Adds {@code batch} with its messages in UTF-8, as the capture does. */
    private static void enqueue(StoreQueue queue, List<LogEntry> batch) {
        queue.add(batch, utf8(batch));
    }

    private static List<byte[]> utf8(List<LogEntry> batch) {
        return batch.stream().map(line -> line.message().getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static List<Long> seqs(List<List<LogEntry>> writes) {
        return writes.stream().flatMap(List::stream).map(LogEntry::seq).toList();
    }

    @Test
    void everyLineIsWrittenOnceInOrderAndDrainWaitsForTheLast() {
        List<List<LogEntry>> written = new CopyOnWriteArrayList<>();
        StoreQueue queue = new StoreQueue((lines, utf8) -> written.add(lines), "test-store", 10_000, 1L << 30);

        for (int i = 0; i < 100; i++) {
            enqueue(queue, batch(i * 10L + 1, 10));
        }
        queue.drain();

        assertEquals(LongStream.rangeClosed(1, 1000).boxed().toList(), seqs(written));
    }

    @Test
    void batchesThatWaitMeanwhileAreWrittenTogether() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<LogEntry>> written = new CopyOnWriteArrayList<>();
        StoreQueue.Writer slowWriter = (lines, utf8) -> {
            firstWriteStarted.countDown();
            await(release);
            written.add(lines);
        };
        StoreQueue queue = new StoreQueue(slowWriter, "test-store", 10_000, 1L << 30);

        enqueue(queue, batch(1, 5));
        assertTrue(firstWriteStarted.await(10, TimeUnit.SECONDS));
        enqueue(queue, batch(6, 5));
        enqueue(queue, batch(11, 5));
        release.countDown();
        queue.drain();

        assertEquals(2, written.size(), "the two batches that waited went in one write");
        assertEquals(LongStream.rangeClosed(1, 15).boxed().toList(), seqs(written));
    }

    /** The capture's UTF-8 bytes of each message reach the writer beside their line, also when batches are joined. */
    @Test
    void eachMessagesBytesStayWithItsLineWhenBatchesAreJoined() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<LogEntry>> written = new CopyOnWriteArrayList<>();
        List<List<byte[]>> bytes = new CopyOnWriteArrayList<>();
        StoreQueue queue = new StoreQueue((lines, utf8) -> {
            firstWriteStarted.countDown();
            await(release);
            written.add(lines);
            bytes.add(utf8);
        }, "test-store", 10_000, 1L << 30);

        for (int first = 1; first <= 10; first += 3) {
            List<LogEntry> batch = batch(first, 3);
            enqueue(queue, batch);
            assertTrue(first > 1 || firstWriteStarted.await(10, TimeUnit.SECONDS));
        }
        release.countDown();
        queue.drain();

        assertEquals(2, written.size(), "the batches that waited went in one write");
        for (int write = 0; write < written.size(); write++) {
            assertEquals(written.get(write).size(), bytes.get(write).size());
            for (int i = 0; i < written.get(write).size(); i++) {
                assertEquals(written.get(write).get(i).message(),
                        new String(bytes.get(write).get(i), StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * Once a write ends with lines waiting (a module flooding its output), the next write gathers lines until
     * there are {@link StoreQueue#GROUP_LINES} of them: fewer, larger commits. The wait has no time limit here, so
     * only the count can end it.
     */
    @Test
    void aFloodIsWrittenInWritesOfAtLeastTheGroupSize() throws Exception {
        FloodAfterAHeldWrite flood = new FloodAfterAHeldWrite(100_000, 1);
        for (int i = 0; i < 9; i++) {
            flood.add(1_000);
        }
        flood.queue.drain();

        assertEquals(2, flood.written.size(), "the line that waited and the 9,000 after it went in one write");
        assertEquals(LongStream.range(1, flood.next).boxed().toList(), seqs(flood.written));
    }

    /**
     * Lines that come one by one after a write, none of them waiting when it ended (a module that prints a line a
     * millisecond), are gathered too: without that, each went in a commit of its own, and each commit wrote a whole
     * page to the database's log. The wait has no time limit here, so only the count can end it.
     */
    @Test
    void linesThatTrickleInAfterAWriteAreGatheredToo() throws Exception {
        CountDownLatch firstWriteDone = new CountDownLatch(1);
        List<List<LogEntry>> written = new CopyOnWriteArrayList<>();
        StoreQueue queue = new StoreQueue((lines, utf8) -> {
            written.add(lines);
            firstWriteDone.countDown();
        }, "test-store", 100_000, 1L << 30, TimeUnit.HOURS.toNanos(1));

        enqueue(queue, batch(1, 1));
        assertTrue(firstWriteDone.await(10, TimeUnit.SECONDS), "the first line is written at once");
        for (int seq = 2; seq <= StoreQueue.GROUP_LINES + 1; seq++) {
            enqueue(queue, batch(seq, 1));
        }
        queue.drain();

        assertEquals(2, written.size(), "the first line, then the lines that came one by one, in one write");
        assertEquals(StoreQueue.GROUP_LINES, written.get(1).size());
        assertEquals(LongStream.rangeClosed(1, StoreQueue.GROUP_LINES + 1).boxed().toList(), seqs(written));
    }

    /**
     * A write that gathers lines stops gathering when a module has to wait for room: it never waits on itself. (The
     * test fails by its timeout, run on a thread of its own, since a waiting adder ignores interrupts.)
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void gatheringEndsWhenTheModuleHasToWait() throws Exception {
        FloodAfterAHeldWrite flood = new FloodAfterAHeldWrite(50, 10);
        for (int i = 0; i < 100; i++) {
            flood.add(10);
        }
        flood.queue.drain();

        assertEquals(LongStream.range(1, flood.next).boxed().toList(), seqs(flood.written));
    }

    /**
     * A queue whose first write is held until a second batch waits, so that the writes after it gather lines
     * (with no time limit), then {@link #add} adds the flood.
     */
    private static final class FloodAfterAHeldWrite {

        final List<List<LogEntry>> written = new CopyOnWriteArrayList<>();
        final StoreQueue queue;
        long next = 1;

        FloodAfterAHeldWrite(int maxLines, int batchLines) throws InterruptedException {
            CountDownLatch firstWriteStarted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            queue = new StoreQueue((lines, utf8) -> {
                firstWriteStarted.countDown();
                await(release);
                written.add(lines);
            }, "test-store", maxLines, 1L << 30, TimeUnit.HOURS.toNanos(1));
            add(batchLines);
            assertTrue(firstWriteStarted.await(10, TimeUnit.SECONDS));
            add(batchLines);
            release.countDown();
        }

        void add(int lines) {
            enqueue(queue, batch(next, lines));
            next += lines;
        }
    }

    /**
     * Adding waits while the queue is full, so memory stays bounded; but a write that takes long (a commit on a
     * remote database) does not count, so that it does not stop the reading of more output.
     */
    @Test
    void addingWaitsWhileTheQueueIsFullBesidesTheWriteUnderWay() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<List<LogEntry>> written = new CopyOnWriteArrayList<>();
        StoreQueue queue = new StoreQueue((lines, utf8) -> {
            writing.countDown();
            await(release);
            written.add(lines);
        }, "test-store", 20, 1L << 30);
        enqueue(queue, batch(1, 20));
        await(writing);

        Thread second = Thread.ofPlatform().start(() -> enqueue(queue, batch(21, 20)));
        second.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(second.isAlive(), "a full queue's worth of lines is let in beside the write under way");
        Thread third = Thread.ofPlatform().start(() -> enqueue(queue, batch(41, 10)));
        Await.until("the third batch to wait for room", () -> third.getState() == Thread.State.WAITING);

        release.countDown();
        third.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(third.isAlive(), "room was made once the writer went on");
        queue.drain();
        assertEquals(LongStream.rangeClosed(1, 50).boxed().toList(), seqs(written));
    }

    @Test
    void aWriterThatThrowsDoesNotStopTheQueueOrTheDrain() {
        List<Long> attempted = new ArrayList<>();
        StoreQueue queue = new StoreQueue((lines, utf8) -> {
            synchronized (attempted) {
                attempted.add(lines.getFirst().seq());
            }
            throw new IllegalStateException("disk on fire");
        }, "test-store", 1, 1L << 30);

        enqueue(queue, batch(1, 1));
        enqueue(queue, batch(2, 1));
        queue.drain();

        synchronized (attempted) {
            assertEquals(List.of(1L, 2L), attempted);
        }
    }

    @Test
    void drainingARunThatPrintedNothingReturnsAtOnce() {
        new StoreQueue((lines, utf8) -> { }, "test-store", 10, 10).drain();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
