package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.log.SearchPattern;
import org.prismq.runner.domain.log.SearchTooSlowException;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * What every {@link LogStore} must do. A subclass supplies a fresh, empty store together with the registry of
 * runs it belongs to; every run a test writes lines for is first added to that registry. Callers give instants
 * truncated to microseconds, so that is the precision asked of a store.
 */
public abstract class LogStoreContract {

    protected static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");

    /** A log store and the registry of the runs whose lines it keeps. */
    public record Stores(Runs runs, LogStore logStore) {
    }

    private Runs runs;
    private LogStore store;

    /** A new, empty log store and its registry of runs, also empty. */
    protected abstract Stores newStores();

    @BeforeEach
    void createStores() {
        Stores stores = newStores();
        runs = stores.runs();
        store = stores.logStore();
    }

    @Test
    public void appendedBatchesAreReadBackInSeqOrder() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 10);
        store.append(run, lines.subList(0, 3));
        store.append(run, lines.subList(3, 4));
        store.append(run, lines.subList(4, 10));

        assertEquals(lines, store.read(run, 0, 100));
    }

    @Test
    public void readsRefuseANegativeSeqOrLimit() {
        RunId run = recordRun("run-1");
        store.append(run, lines(1, 3));

        assertThrows(IllegalArgumentException.class, () -> store.read(run, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> store.read(run, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> store.readBefore(run, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> store.readBefore(run, 4, -1));
    }

    @Test
    public void readPagesForwardFromAfterSeqUpToTheLimit() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 10);
        store.append(run, lines);

        assertEquals(lines.subList(0, 4), store.read(run, 0, 4));
        assertEquals(lines.subList(4, 8), store.read(run, 4, 4));
        assertEquals(lines.subList(8, 10), store.read(run, 8, 4));
        assertEquals(List.of(), store.read(run, 10, 4));
        assertEquals(List.of(), store.read(run, 500, 4));
    }

    @Test
    public void readBeforePagesBackwardFromBeforeSeqUpToTheLimit() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 10);
        store.append(run, lines);

        assertEquals(lines.subList(6, 10), store.readBefore(run, 11, 4));
        assertEquals(lines.subList(2, 6), store.readBefore(run, 7, 4));
        assertEquals(lines.subList(0, 2), store.readBefore(run, 3, 4));
        assertEquals(List.of(), store.readBefore(run, 1, 4));
        assertEquals(lines.subList(7, 10), store.readBefore(run, 500, 3));
        assertEquals(List.of(), store.readBefore(run, 5, 0));
    }

    @Test
    public void readBeforeCrossesManyBatchesOfALongLog() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 5000);
        for (int from = 0; from < lines.size(); from += 700) {
            store.append(run, lines.subList(from, Math.min(lines.size(), from + 700)));
        }

        assertEquals(lines.subList(499, 4499), store.readBefore(run, 4500, 4000));
        assertEquals(lines.subList(0, 1500), store.readBefore(run, 1501, 2000));
        assertEquals(lines.subList(4990, 5000), store.readBefore(run, Long.MAX_VALUE, 10));
    }

    @Test
    public void lastSeqIsZeroForARunWithoutLinesThenCountsItsLines() {
        RunId run = recordRun("run-1");
        assertEquals(0, store.lastSeq(run));

        store.append(run, lines(1, 5));
        assertEquals(5, store.lastSeq(run));
        store.append(run, lines(6, 7));
        assertEquals(7, store.lastSeq(run));
    }

    @Test
    public void anUnknownRunHasNoLines() {
        RunId unknown = new RunId("never-recorded");

        assertEquals(List.of(), store.read(unknown, 0, 10));
        assertEquals(List.of(), store.readBefore(unknown, 10, 10));
        assertEquals(new LogSlice(List.of(), false), store.query(unknown, new LogQuery(0, null, null, 10, true)));
        assertEquals(0, store.lastSeq(unknown));
    }

    @Test
    public void linesOfDifferentRunsDoNotMix() {
        RunId first = recordRun("run-1");
        RunId second = recordRun("run-2");
        List<LogEntry> firstLines = lines(1, 6, "first ");
        List<LogEntry> secondLines = lines(1, 4, "second ");
        store.append(first, firstLines.subList(0, 2));
        store.append(second, secondLines.subList(0, 3));
        store.append(first, firstLines.subList(2, 6));
        store.append(second, secondLines.subList(3, 4));

        assertEquals(firstLines, store.read(first, 0, 100));
        assertEquals(secondLines, store.read(second, 0, 100));
        assertEquals(secondLines.subList(2, 4), store.query(second, new LogQuery(0, null, null, 2, true)).entries());
        assertEquals(6, store.lastSeq(first));
        assertEquals(4, store.lastSeq(second));
    }

    @Test
    public void everyLevelAndStreamComesBack() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = new ArrayList<>();
        for (LogLevel level : LogLevel.values()) {
            for (LogStream stream : LogStream.values()) {
                lines.add(new LogEntry(lines.size() + 1, T0, level, stream, level + " on " + stream));
            }
        }
        store.append(run, lines);

        assertEquals(lines, store.read(run, 0, 100));
    }

    @Test
    public void messagesComeBackExactly() {
        List<String> messages = List.of(
                "",
                "nul\u0000inside and at the end\u0000",
                "line\nbreak\r\nand carriage\rreturn",
                "\u001B[31mred\u001B[0m \u001B[1;32mbold green\u001B[0m \u001B]0;title\u0007",
                "emoji 🚀👩‍💻 and CJK 漢字 and accents éàü",
                "undecodable bytes became \uFFFD\uFFFD replacement characters",
                "tab\tseparated \"double\" 'single' \\back\\slash ; DROP TABLE runs; --",
                "%s %d {} ${placeholder} ?",
                "   leading blanks kept",
                "x".repeat(100_000));
        RunId run = recordRun("run-1");
        List<LogEntry> lines = new ArrayList<>();
        for (String message : messages) {
            lines.add(new LogEntry(lines.size() + 1, T0, LogLevel.INFO, LogStream.STDOUT, message));
        }
        store.append(run, lines);

        List<LogEntry> read = store.read(run, 0, 100);
        for (int i = 0; i < messages.size(); i++) {
            assertEquals(messages.get(i), read.get(i).message(), "message " + (i + 1));
        }
        assertEquals(lines, store.query(run, new LogQuery(0, null, null, 100, true)).entries());
    }

    @Test
    public void timestampsComeBackToTheMicrosecond() {
        List<Instant> instants = List.of(
                T0,
                Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("2038-01-19T03:14:08.000001Z"),
                Instant.parse("2199-12-31T23:59:59.999999Z"));
        RunId run = recordRun("run-1");
        List<LogEntry> lines = new ArrayList<>();
        for (Instant instant : instants) {
            lines.add(new LogEntry(lines.size() + 1, instant, LogLevel.INFO, LogStream.STDOUT, "at " + instant));
        }
        store.append(run, lines);

        assertEquals(instants, store.read(run, 0, 100).stream().map(LogEntry::timestamp).toList());
    }

    @Test
    public void aTailReturnsTheLastLinesInSeqOrderAndSaysWhetherMoreMatched() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 10);
        store.append(run, lines);

        assertEquals(new LogSlice(lines.subList(7, 10), true), store.query(run, tail(3)));
        assertEquals(new LogSlice(lines, false), store.query(run, tail(10)));
        assertEquals(new LogSlice(lines, false), store.query(run, tail(500)));
    }

    @Test
    public void aTailAfterASeqConsidersOnlyLaterLines() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 10);
        store.append(run, lines);

        assertEquals(new LogSlice(lines.subList(8, 10), true),
                store.query(run, new LogQuery(5, null, null, 2, true)));
        assertEquals(new LogSlice(lines.subList(8, 10), false),
                store.query(run, new LogQuery(8, null, null, 2, true)));
        assertEquals(new LogSlice(List.of(), false), store.query(run, new LogQuery(10, null, null, 2, true)));
    }

    @Test
    public void aForwardPageStartsAfterTheSeqAndSaysWhetherMoreMatched() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 10);
        store.append(run, lines);

        assertEquals(new LogSlice(lines.subList(0, 3), true), store.query(run, new LogQuery(0, null, null, 3, false)));
        assertEquals(new LogSlice(lines.subList(4, 7), true), store.query(run, new LogQuery(4, null, null, 3, false)));
        assertEquals(new LogSlice(lines.subList(7, 10), false),
                store.query(run, new LogQuery(7, null, null, 3, false)));
        assertEquals(new LogSlice(lines.subList(8, 10), false),
                store.query(run, new LogQuery(8, null, null, 3, false)));
    }

    @Test
    public void sinceKeepsLinesCapturedAtOrAfterTheInstant() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 10);
        store.append(run, lines);
        Instant sixth = lines.get(5).timestamp();

        assertEquals(new LogSlice(lines.subList(5, 10), false),
                store.query(run, new LogQuery(0, sixth, null, 100, true)));
        assertEquals(new LogSlice(lines.subList(6, 10), false),
                store.query(run, new LogQuery(0, sixth.plusNanos(1000), null, 100, false)));
        assertEquals(new LogSlice(lines.subList(5, 7), true),
                store.query(run, new LogQuery(0, sixth, null, 2, false)));
    }

    @Test
    public void minLevelKeepsLinesAtLeastThatSevere() {
        RunId run = recordRun("run-1");
        LogLevel[] levels = {LogLevel.DEBUG, LogLevel.ERROR, LogLevel.INFO, LogLevel.WARNING, LogLevel.CRITICAL,
            LogLevel.INFO, LogLevel.ERROR, LogLevel.DEBUG};
        List<LogEntry> lines = new ArrayList<>();
        for (LogLevel level : levels) {
            lines.add(new LogEntry(lines.size() + 1, T0, level, LogStream.STDERR, "line " + (lines.size() + 1)));
        }
        store.append(run, lines);

        assertEquals(List.of(2L, 4L, 5L, 7L), seqs(store.query(run, new LogQuery(0, null, LogLevel.WARNING, 100,
                true))));
        assertEquals(new LogSlice(List.of(lines.get(4), lines.get(6)), true),
                store.query(run, new LogQuery(0, null, LogLevel.ERROR, 2, true)));
        assertEquals(new LogSlice(List.of(lines.get(1), lines.get(4)), true),
                store.query(run, new LogQuery(0, null, LogLevel.ERROR, 2, false)));
        assertEquals(new LogSlice(List.of(lines.get(4)), false),
                store.query(run, new LogQuery(0, null, LogLevel.CRITICAL, 2, true)));
        assertEquals(lines, store.query(run, new LogQuery(0, null, LogLevel.DEBUG, 100, true)).entries());
    }

    @Test
    public void filtersCombine() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = new ArrayList<>();
        for (int seq = 1; seq <= 12; seq++) {
            LogLevel level = seq % 3 == 0 ? LogLevel.ERROR : LogLevel.INFO;
            lines.add(new LogEntry(seq, T0.plusSeconds(seq), level, LogStream.STDOUT, "line " + seq));
        }
        store.append(run, lines);

        LogQuery query = new LogQuery(4, T0.plusSeconds(2), LogLevel.ERROR, 10, true);
        assertEquals(List.of(6L, 9L, 12L), seqs(store.query(run, query)));
        LogQuery fromLater = new LogQuery(0, T0.plusSeconds(7), LogLevel.ERROR, 1, false);
        assertEquals(new LogSlice(List.of(lines.get(8)), true), store.query(run, fromLater));
    }

    @Test
    public void updatingTheRunKeepsItsLines() {
        Run run = Run.queued(new RunId("run-1"), new ModuleId("alpha"), "Alpha", Map.of(), T0);
        runs.add(run);
        store.append(run.id(), lines(1, 3));
        runs.update(run.start(T0.plusSeconds(1)));
        store.append(run.id(), lines(4, 5));

        assertEquals(lines(1, 5), store.read(run.id(), 0, 100));
    }

    @Test
    public void anEmptyBatchStoresNothing() {
        RunId run = recordRun("run-1");
        store.append(run, List.of());

        assertEquals(0, store.lastSeq(run));
        assertEquals(List.of(), store.read(run, 0, 10));
    }

    @Test
    public void appendingToARunThatIsNotRecordedIsIllegal() {
        assertThrows(IllegalStateException.class, () -> store.append(new RunId("never-recorded"), lines(1, 2)));
        assertEquals(0, store.lastSeq(new RunId("never-recorded")));
    }

    @Test
    public void aBatchStartingAtOrBeforeTheLastStoredSeqIsIllegalAndStoresNoneOfItsLines() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 3);
        store.append(run, lines);

        assertThrows(IllegalStateException.class, () -> store.append(run, lines(3, 6)));
        assertThrows(IllegalStateException.class, () -> store.append(run, lines(1, 2_000)));

        assertEquals(lines, store.read(run, 0, 100));
        assertEquals(3, store.lastSeq(run));
    }

    @Test
    public void aBatchRepeatingAStoredSeqIsIllegalAndStoresNoneOfItsLines() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 3);
        store.append(run, lines);

        List<LogEntry> repeating = new ArrayList<>(lines(4, 5));
        repeating.add(lines.get(2));
        assertThrows(IllegalStateException.class, () -> store.append(run, repeating));

        assertEquals(lines, store.read(run, 0, 100));
        assertEquals(3, store.lastSeq(run));
    }

    @Test
    public void concurrentAppendsOfDifferentRunsAndReadsKeepEveryLine() throws Exception {
        int runCount = 4;
        int batches = 25;
        int batchSize = 40;
        List<RunId> ids = new ArrayList<>();
        for (int i = 0; i < runCount; i++) {
            ids.add(recordRun("run-" + i));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writers = new ArrayList<>();
            for (RunId id : ids) {
                writers.add(executor.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        store.append(id, lines(b * batchSize + 1, (b + 1) * batchSize, id + " "));
                    }
                    return null;
                }));
            }
            Future<?> reader = executor.submit(() -> {
                while (writing.get()) {
                    for (RunId id : ids) {
                        long before = store.lastSeq(id);
                        List<LogEntry> tail = store.query(id, tail(batchSize)).entries();
                        assertTrue(tail.isEmpty() || tail.getLast().seq() >= before, "tail behind lastSeq");
                        assertTrue(store.read(id, 0, batches * batchSize).size() >= before, "read behind lastSeq");
                    }
                }
                return null;
            });
            try {
                for (Future<?> writer : writers) {
                    writer.get(30, TimeUnit.SECONDS);
                }
            } finally {
                writing.set(false);
            }
            reader.get(30, TimeUnit.SECONDS);
        }
        for (RunId id : ids) {
            assertEquals(lines(1, batches * batchSize, id + " "), store.read(id, 0, batches * batchSize + 1));
            assertEquals(batches * batchSize, store.lastSeq(id));
        }
    }

    @Test
    public void aRangeReplacedWithAMarkerReadsAsTheLinesBeforeTheMarkerAndTheLinesAfter() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 3000);
        store.append(run, lines);

        LogEntry marker = marker(2500, "[2001 lines dropped]");
        store.replaceWithMarker(run, 500, marker);

        assertEquals(replaced(lines, 500, marker), store.read(run, 0, 5000));
        assertEquals(3000, store.lastSeq(run));
    }

    @Test
    public void aReaderAfterAnySeqOfTheReplacedRangeGetsTheMarkerNext() {
        RunId run = recordRun("run-1");
        store.append(run, lines(1, 3000));
        LogEntry marker = marker(2500, "[dropped]");
        store.replaceWithMarker(run, 500, marker);

        assertEquals(List.of(marker), store.read(run, 499, 1));
        assertEquals(List.of(marker), store.read(run, 1000, 1));
        assertEquals(List.of(marker), store.read(run, 2499, 1));
        assertEquals(2501, store.read(run, 2500, 1).getFirst().seq());
        assertEquals(List.of(2500L, 2501L),
                seqs(store.query(run, new LogQuery(1000, null, null, 2, false))));
        assertEquals(List.of(499L, 2500L, 2501L), seqs(store.query(run, new LogQuery(0, null, null, 502, true)))
                .subList(0, 3));
    }

    @Test
    public void aWiderRangeReplacesTheEarlierMarkerAndLaterLinesStillAppend() {
        RunId run = recordRun("run-1");
        store.append(run, lines(1, 50));
        store.replaceWithMarker(run, 10, marker(20, "[first]"));
        LogEntry wider = marker(40, "[wider]");

        store.replaceWithMarker(run, 10, wider);
        store.append(run, lines(51, 60));

        List<LogEntry> expected = new ArrayList<>(lines(1, 9));
        expected.add(wider);
        expected.addAll(lines(41, 60));
        assertEquals(expected, store.read(run, 0, 100));
        assertEquals(60, store.lastSeq(run));
    }

    @Test
    public void aRangeInsideOneBatchKeepsTheLinesOnBothSides() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 10);
        store.append(run, lines);
        LogEntry marker = marker(6, "[3 lines dropped]");

        store.replaceWithMarker(run, 4, marker);

        List<LogEntry> expected = new ArrayList<>(lines.subList(0, 3));
        expected.add(marker);
        expected.addAll(lines.subList(6, 10));
        assertEquals(expected, store.read(run, 0, 100));
    }

    @Test
    public void linesReadBeforeAMarkerReplacesThemAreNotReadAgainAfterIt() {
        RunId run = recordRun("run-1");
        List<LogEntry> lines = lines(1, 3000);
        store.append(run, lines);
        assertEquals(lines, store.read(run, 0, 5000));
        for (long after = 0; after < 3000; after += 1000) {
            assertEquals(lines.subList((int) after, (int) after + 1000), store.read(run, after, 1000));
        }

        LogEntry marker = marker(2500, "[2001 lines dropped]");
        store.replaceWithMarker(run, 500, marker);

        assertEquals(replaced(lines, 500, marker), store.read(run, 0, 5000));
        assertEquals(List.of(marker), store.read(run, 1000, 1));
    }

    @Test
    public void aLineReadAloneInItsBlockIsReadAsTheMarkerThatTookItsPlace() {
        // The marker has the seq, time, level and stored size of the line it replaces: only its text differs.
        RunId run = recordRun("run-1");
        Instant time = T0.plusMillis(6);
        LogEntry line = new LogEntry(6, time, LogLevel.WARNING, LogStream.STDERR, "[disk almost full here]");
        LogEntry marker = new LogEntry(6, time, LogLevel.WARNING, LogStream.STDERR, "[1 line dropped here..]");
        store.append(run, lines(1, 5));
        store.append(run, List.of(line));
        store.append(run, lines(7, 10));
        assertEquals(List.of(line), store.read(run, 5, 1));
        assertEquals(line, store.read(run, 0, 10).get(5));

        store.replaceWithMarker(run, 6, marker);

        assertEquals(List.of(marker), store.read(run, 5, 1));
        assertEquals(marker, store.read(run, 0, 10).get(5));
    }

    @Test
    public void replacingLinesOfARunThatIsNotRecordedIsIllegal() {
        assertThrows(IllegalStateException.class,
                () -> store.replaceWithMarker(new RunId("ghost"), 1, marker(2, "[dropped]")));
    }

    /** {@code lines} (seqs 1, 2, ...) with those from {@code fromSeq} to the marker's seq replaced by it. */
    private static List<LogEntry> replaced(List<LogEntry> lines, long fromSeq, LogEntry marker) {
        List<LogEntry> expected = new ArrayList<>(lines.subList(0, (int) fromSeq - 1));
        expected.add(marker);
        expected.addAll(lines.subList((int) marker.seq(), lines.size()));
        return expected;
    }

    /** A marker standing for lines up to {@code seq}, with the time of line {@code seq}. */
    protected static LogEntry marker(long seq, String message) {
        return new LogEntry(seq, T0.plus(Duration.ofMillis(seq)), LogLevel.WARNING, LogStream.STDERR, message);
    }

    @Test
    public void searchMatchesSubstringsIgnoringCaseAndEscapeCodesAndAnswersMessagesAsStored() {
        RunId run = recordRun("run-1");
        List<LogEntry> stored = List.of(
                entry(1, "Connection \u001b[31mERR\u001b[0mOR: refused"),
                entry(2, "nothing to see"),
                entry(3, "an error, lower case"),
                entry(4, "\u001b]8;;https://error.example\u001b\\a link\u001b]8;;\u001b\\"),
                entry(5, "ÉRROR is not error without its accent? ÉrRoR"));
        store.append(run, stored);

        SearchPage page = store.search(run, search(SearchPattern.substring("error", false), 0, false, 100));

        assertEquals(List.of(stored.get(0), stored.get(2), stored.get(4)), page.matches());
        assertEquals(null, page.nextFrom());
        assertEquals(3L, page.total());
        assertEquals(List.of(5L), allMatches(run, SearchPattern.substring("érror", false)));
        assertEquals(List.of(4L), allMatches(run, SearchPattern.substring("A LINK", false)));
        assertEquals(List.of(3L, 5L), allMatches(run, SearchPattern.substring("error", true)));
    }

    @Test
    public void searchByRegularExpressionCombinesWithLevelAndStream() {
        RunId run = recordRun("run-1");
        store.append(run, lines(1, 40));
        SearchPattern endsIn3Or4 = SearchPattern.regex("LINE \\d*[34]$", false);

        assertEquals(List.of(3L, 4L, 13L, 14L, 23L, 24L, 33L, 34L),
                seqs(store.search(run, search(endsIn3Or4, 0, false, 100))));
        // Levels cycle DEBUG, INFO, WARNING, ERROR, CRITICAL with seq % 5; even seqs are on stderr.
        assertEquals(List.of(4L, 14L, 24L, 34L), seqs(store.search(run,
                new LogSearch(endsIn3Or4, LogLevel.CRITICAL, null, 0, false, 100))));
        assertEquals(List.of(3L, 13L, 23L, 33L), seqs(store.search(run,
                new LogSearch(endsIn3Or4, LogLevel.ERROR, LogStream.STDOUT, 0, false, 100))));
        assertEquals(List.of(), seqs(store.search(run,
                new LogSearch(endsIn3Or4, LogLevel.CRITICAL, LogStream.STDOUT, 0, false, 100))));
    }

    @Test
    public void searchPagesForwardAndBackwardThroughALongLog() {
        RunId run = recordRun("run-1");
        List<LogEntry> stored = lines(1, 7000);
        for (int from = 0; from < stored.size(); from += 1000) {
            store.append(run, stored.subList(from, from + 1000));
        }
        SearchPattern pattern = SearchPattern.regex("^line \\d*7$", false);
        List<Long> expected = LongStream.rangeClosed(1, 7000).filter(seq -> seq % 10 == 7).boxed().toList();

        List<Long> forward = new ArrayList<>();
        Long from = 0L;
        while (from != null) {
            SearchPage page = store.search(run, search(pattern, from, false, 99));
            assertEquals(null, page.total(), "the first page is full, so the total is unknown");
            forward.addAll(seqs(page));
            from = page.nextFrom();
        }
        assertEquals(expected, forward);

        List<Long> backward = new ArrayList<>();
        from = LogSearch.END;
        while (from != null) {
            SearchPage page = store.search(run, search(pattern, from, true, 99));
            List<Long> seqs = seqs(page);
            assertEquals(seqs.stream().sorted().toList(), seqs, "each page is in seq order");
            backward.addAll(0, seqs);
            from = page.nextFrom();
        }
        assertEquals(expected, backward);

        SearchPage before = store.search(run, search(pattern, 6997, true, 3));
        assertEquals(List.of(6967L, 6977L, 6987L), seqs(before));
        assertEquals(6967L, before.nextFrom());
        SearchPage whole = store.search(run, search(pattern, 0, false, 1000));
        assertEquals(expected, seqs(whole));
        assertEquals(700L, whole.total());
        assertEquals(null, whole.nextFrom());
    }

    @Test
    public void searchOfARunWithoutLinesIsEmpty() {
        RunId run = recordRun("run-1");

        SearchPage page = store.search(run, search(SearchPattern.substring("x", false), 0, false, 10));

        assertEquals(new SearchPage(List.of(), null, 0L), page);
        assertEquals(new SearchPage(List.of(), null, 0L),
                store.search(new RunId("unknown"), search(SearchPattern.substring("x", false), LogSearch.END, true, 9)));
    }

    @Test
    public void aRegularExpressionThatRunsAwayIsStopped() {
        RunId run = recordRun("run-1");
        // The line holds the expression's literal "y", so that the expression has to run on it.
        store.append(run, List.of(entry(1, "y " + "x".repeat(30) + "!")));

        SearchTooSlowException runaway = assertThrows(SearchTooSlowException.class,
                () -> store.search(run, search(SearchPattern.regex("(x+x+){1,50}y", false), 0, false, 10)));

        assertTrue(runaway.getMessage().contains("line 1"), runaway.getMessage());
    }

    /** Adds a queued run with {@code id} to the registry, so that lines may be stored for it. */
    protected RunId recordRun(String id) {
        Run run = Run.queued(new RunId(id), new ModuleId("alpha"), "Alpha", Map.of(), T0);
        runs.add(run);
        return run.id();
    }

    /** Lines {@code from..to}, one millisecond apart, levels and streams varied. */
    protected static List<LogEntry> lines(long from, long to) {
        return lines(from, to, "line ");
    }

    private static List<LogEntry> lines(long from, long to, String prefix) {
        return LongStream.rangeClosed(from, to)
                .mapToObj(seq -> new LogEntry(seq, T0.plus(Duration.ofMillis(seq)),
                        LogLevel.values()[(int) (seq % LogLevel.values().length)],
                        seq % 2 == 0 ? LogStream.STDERR : LogStream.STDOUT, prefix + seq))
                .toList();
    }

    private static LogSearch search(SearchPattern pattern, long from, boolean backward, int limit) {
        return new LogSearch(pattern, null, null, from, backward, limit);
    }

    private List<Long> allMatches(RunId run, SearchPattern pattern) {
        return seqs(store.search(run, search(pattern, 0, false, 1000)));
    }

    private static LogEntry entry(long seq, String message) {
        return LogEntry.classified(seq, T0.plusMillis(seq), LogStream.STDOUT, message);
    }

    private static List<Long> seqs(SearchPage page) {
        return page.matches().stream().map(LogEntry::seq).toList();
    }

    private static LogQuery tail(int limit) {
        return new LogQuery(0, null, null, limit, true);
    }

    private static List<Long> seqs(LogSlice slice) {
        return slice.entries().stream().map(LogEntry::seq).toList();
    }
}
