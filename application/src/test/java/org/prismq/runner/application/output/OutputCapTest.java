package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/** A run's stored output kept within its cap: the head, a rolling tail, and one marker for the middle. */
class OutputCapTest {

    private static final RunId RUN = new RunId("run_20261125_100000_demo_00000001");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final double MB = 1024 * 1024;
    /** Nine characters and the line end: ten bytes a line. */
    private static final String TEXT = "123456789";

    private final InMemoryLogStore store = new InMemoryLogStore();

    /** A cap of 1000 bytes: a head of 50 lines of ten bytes, and a tail of 50 more. */
    private final OutputCap cap = OutputCap.of(RUN, store, 1000 / MB);

    @Test
    void underTheCapEveryLineIsKept() {
        print(1, 100, 7);

        assertEquals(lines(1, 100), store.read(RUN, 0, 1000));
    }

    @Test
    void pastTheCapTheHeadAndTheLastLinesAreKeptAndOneMarkerStandsForTheMiddle() {
        print(1, 1000, 7);

        List<LogEntry> stored = store.read(RUN, 0, 2000);
        assertEquals(lines(1, 50), stored.subList(0, 50), "the head");
        LogEntry marker = stored.get(50);
        List<LogEntry> tail = stored.subList(51, stored.size());
        assertTrue(tail.size() >= 50 && tail.size() <= 52, "the tail holds about half the cap: " + tail.size());
        assertEquals(lines(1001 - tail.size(), 1000), tail, "the last lines, in order");
        long dropped = 1000 - 50 - tail.size();
        assertEquals(50 + dropped, marker.seq(), "the seq of the last dropped line");
        assertEquals(LogLevel.WARNING, marker.level());
        assertEquals(OutputCap.markerText(dropped, dropped * 10), marker.message());
        assertEquals(1000, store.lastSeq(RUN), "the last seq still counts every line printed");
    }

    @Test
    void theMarkerIsReplacedAsTheDroppedRangeGrows() {
        print(1, 300, 5);
        LogEntry first = markers().getFirst();

        print(301, 600, 5);

        List<LogEntry> markers = markers();
        assertEquals(1, markers.size());
        assertTrue(markers.getFirst().seq() > first.seq());
        assertTrue(markers.getFirst().timestamp().isAfter(first.timestamp()));
    }

    @Test
    void aReaderAfterAnySeqOfTheDroppedRangeGetsTheMarkerNext() {
        print(1, 1000, 7);
        LogEntry marker = markers().getFirst();

        assertEquals(marker, store.read(RUN, 50, 1).getFirst());
        assertEquals(marker, store.read(RUN, 400, 1).getFirst());
        assertEquals(marker, store.read(RUN, marker.seq() - 1, 1).getFirst());
        assertEquals(marker.seq() + 1, store.read(RUN, marker.seq(), 1).getFirst().seq());
    }

    @Test
    void oneLineLongerThanTheHeadEndsTheHeadAndIsKeptAsTheNewestLine() {
        OutputCap small = OutputCap.of(RUN, store, 100 / MB);
        List<LogEntry> lines = List.of(line(1, "x".repeat(60)), line(2, "y".repeat(60)), line(3, "z".repeat(60)));
        store.append(RUN, lines);
        small.stored(lines, utf8(lines));

        List<LogEntry> stored = store.read(RUN, 0, 10);
        assertEquals(lines.getLast(), stored.getLast());
        assertEquals(OutputCap.markerText(2, 122), stored.getFirst().message());
        assertEquals(2, stored.size());
    }

    /**
     * A line counts the bytes of its message in UTF-8, as stored, and its line feed: three lines of 20 three-byte
     * characters are dropped as the 60-byte lines of the test above are.
     */
    @Test
    void aLineCountsItsBytesInUtf8NotItsCharacters() {
        OutputCap small = OutputCap.of(RUN, store, 100 / MB);
        String wide = "\u20ac".repeat(20);
        List<LogEntry> lines = List.of(line(1, wide), line(2, wide), line(3, wide));
        store.append(RUN, lines);
        small.stored(lines, utf8(lines));

        List<LogEntry> stored = store.read(RUN, 0, 10);
        assertEquals(OutputCap.markerText(2, 122), stored.getFirst().message());
        assertEquals(2, stored.size());
    }

    @Test
    void theTailIsNeverHeldInMemoryBeyondABoundedNumberOfBlocks() {
        print(1, 20_000, 3);

        assertTrue(cap.tailBlocks() <= 34, "blocks held: " + cap.tailBlocks());
    }

    @Test
    void withoutACapNothingIsDropped() {
        assertSame(OutputCap.NONE, OutputCap.of(RUN, store, null));
        List<LogEntry> lines = lines(1, 10_000);
        store.append(RUN, lines);
        OutputCap.NONE.stored(lines, utf8(lines));

        assertEquals(10_000, store.read(RUN, 0, 20_000).size());
    }

    @Test
    void aCapMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> OutputCap.of(RUN, store, 0.0));
        assertThrows(IllegalArgumentException.class, () -> OutputCap.of(RUN, store, Double.NaN));
    }

    @Test
    void theMarkerSaysHowManyLinesAndBytesWereDropped() {
        assertEquals("[output cap: 1,234,567 lines (456.0 MB) dropped here]",
                OutputCap.markerText(1_234_567, 456L * 1024 * 1024));
        assertEquals("[output cap: 1 line (10 bytes) dropped here]", OutputCap.markerText(1, 10));
        assertEquals("[output cap: 3,000 lines (30,000 bytes) dropped here]", OutputCap.markerText(3000, 30_000));
    }

    @Test
    void aCapturedRunKeepsItsTotalAndAFollowerResumingInTheDroppedRangeContinuesAtTheMarker() throws Exception {
        LiveOutput live = new LiveOutput(RunStatus.RUNNING, 10, 1L << 20);
        OutputCapture capture = new OutputCapture(RUN, live, store, new MutableClock(T0), new NoListener(), 1000,
                1L << 20, OutputCap.of(RUN, store, 1000 / MB));
        for (int i = 0; i < 100; i++) {
            capture.lines(LogStream.STDOUT, LongStream.range(0, 10).mapToObj(n -> TEXT).toList());
        }
        capture.exited(0);

        assertEquals(1000, store.lastSeq(RUN));
        LogEntry marker = markers().getFirst();
        Subscription resumed = new Subscription(RUN, live, store, 400, 0, 100);
        FollowEvent.Lines event = assertInstanceOf(FollowEvent.Lines.class, resumed.next(Duration.ZERO));
        assertEquals(marker, event.entries().getFirst());
        assertEquals(marker.seq() + 1, event.entries().get(1).seq());
    }

    /** The messages of {@code lines} in UTF-8, as the capture hands them on. */
    private static List<byte[]> utf8(List<LogEntry> lines) {
        return lines.stream().map(line -> line.message().getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Stores lines {@code from..to} in batches of {@code batchSize}, telling the cap of each. */
    private void print(long from, long to, int batchSize) {
        for (long first = from; first <= to; first += batchSize) {
            List<LogEntry> batch = lines(first, Math.min(to, first + batchSize - 1));
            store.append(RUN, batch);
            cap.stored(batch, utf8(batch));
        }
    }

    private List<LogEntry> markers() {
        List<LogEntry> markers = new ArrayList<>();
        for (LogEntry entry : store.read(RUN, 0, 100_000)) {
            if (entry.message().startsWith("[output cap:")) {
                markers.add(entry);
            }
        }
        return markers;
    }

    private static List<LogEntry> lines(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(seq -> line(seq, TEXT)).toList();
    }

    private static LogEntry line(long seq, String text) {
        return new LogEntry(seq, T0.plusMillis(seq), LogLevel.INFO, LogStream.STDOUT, text);
    }

    private static final class NoListener implements OutputCapture.Listener {

        @Override
        public void progress(Progress progress) {
        }

        @Override
        public void stored(long lastSeq) {
        }

        @Override
        public void exited(int exitCode) {
        }
    }
}
