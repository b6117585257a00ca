package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.application.port.out.LogSink;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/** One run's raw output becoming numbered, stored log entries, and what the supervisor hears of it. */
class OutputCaptureTest {

    private static final RunId RUN = new RunId("run_20261125_100000_demo_00000001");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00.123456789Z"));
    private final InMemoryLogStore store = new InMemoryLogStore();
    private final LiveOutput live = new LiveOutput(RunStatus.RUNNING, 1000, 1L << 20);
    private final Heard heard = new Heard();

    private OutputCapture capture(LogSink sink) {
        return new OutputCapture(RUN, live, sink, clock, heard, 1000, 1L << 20);
    }

    @Test
    void linesAreNumberedAcrossBothStreamsWithALevelAndNoTrailingWhiteSpace() {
        OutputCapture capture = capture(store);

        capture.lines(LogStream.STDOUT, List.of("first  \t", "ERROR: second"));
        capture.lines(LogStream.STDERR, List.of("third"));
        capture.exited(0);

        List<LogEntry> stored = store.read(RUN, 0, 10);
        assertEquals(List.of(1L, 2L, 3L), stored.stream().map(LogEntry::seq).toList());
        assertEquals(List.of("first", "ERROR: second", "third"), stored.stream().map(LogEntry::message).toList());
        assertEquals(List.of(LogStream.STDOUT, LogStream.STDOUT, LogStream.STDERR),
                stored.stream().map(LogEntry::stream).toList());
        assertEquals(LogLevel.ERROR, stored.get(1).level());
        assertEquals(3, live.position().lastSeq(), "published to live followers too");
    }

    /** Storage gets each stored message's UTF-8 bytes as the capture made them, so that it need not encode again. */
    @Test
    void storageGetsTheBytesOfEachMessageAsStored() {
        List<String> messages = new ArrayList<>();
        List<String> decoded = new ArrayList<>();
        OutputCapture capture = capture(new LogSink() {
            @Override
            public void append(RunId run, List<LogEntry> batch) {
                throw new AssertionError("the capture passes the bytes it made");
            }

            @Override
            public void append(RunId run, List<LogEntry> batch, List<byte[]> utf8) {
                batch.forEach(line -> messages.add(line.message()));
                utf8.forEach(bytes -> decoded.add(new String(bytes, StandardCharsets.UTF_8)));
            }
        });

        capture.lines(LogStream.STDOUT, List.of("caf\u00e9 \ud83d\ude00  ", "plain"));
        capture.lines(LogStream.STDERR, List.of("lone \ud800 surrogate\t"));
        capture.exited(0);

        assertEquals(List.of("caf\u00e9 \ud83d\ude00", "plain", "lone \ud800 surrogate"), messages);
        assertEquals(List.of("caf\u00e9 \ud83d\ude00", "plain", "lone ? surrogate"), decoded,
                "the bytes of the stripped text, a lone surrogate as the '?' that storage holds");
    }

    @Test
    void captureTimesAreInMicrosecondsAndNeverGoBackwards() {
        OutputCapture capture = capture(store);

        capture.lines(LogStream.STDOUT, List.of("before"));
        clock.advance(Duration.ofSeconds(-5));
        capture.lines(LogStream.STDOUT, List.of("after the clock went back"));
        capture.exited(0);

        List<LogEntry> stored = store.read(RUN, 0, 10);
        Instant first = Instant.parse("2026-11-25T10:00:00.123456Z");
        assertEquals(first, stored.get(0).timestamp());
        assertEquals(first, stored.get(1).timestamp());
        assertEquals(first.truncatedTo(ChronoUnit.MICROS), first);
    }

    @Test
    void theExitIsPassedOnOnlyOnceEveryLineIsStored() {
        OutputCapture capture = capture(store);
        capture.lines(LogStream.STDOUT, List.of("a", "b"));
        capture.lines(LogStream.STDOUT, List.of("c"));

        capture.exited(7);

        assertEquals(List.of(7), heard.exits);
        assertEquals(3, heard.lastSeqStoredAtExit.get(), "every line was stored when the exit was heard");
        assertEquals(3L, heard.stored.getLast());
    }

    @Test
    void progressMarkersReachTheListenerAndStayInTheOutput() {
        OutputCapture capture = capture(store);

        capture.lines(LogStream.STDOUT, List.of("::progress:: 10%", "working", "::progress:: 40%"));
        capture.exited(0);

        assertEquals(List.of(new Progress(40.0, null, null)), heard.progress,
                "one report per batch, with the batch's last marker");
        assertEquals(3, store.read(RUN, 0, 10).size());
    }

    @Test
    void anErrorMessageQuotesTheLastStderrLines() {
        OutputCapture capture = capture(store);

        capture.lines(LogStream.STDOUT, List.of("not quoted"));
        capture.lines(LogStream.STDERR, List.of("Traceback", "ValueError: bad  "));
        capture.exited(1);

        String message = capture.withStderrTail("exited with code 1");
        assertTrue(message.startsWith("exited with code 1"), message);
        assertTrue(message.endsWith("Traceback\nValueError: bad"), message);
        assertFalse(message.contains("not quoted"), message);
        assertEquals("nothing on stderr", capture(store).withStderrTail("nothing on stderr"));
    }

    @Test
    void aStoreThatFailsIsTriedAgainAndTheLinesAreStoredOnce() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        LogSink flaky = (run, batch) -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the database is busy");
            }
            store.append(run, batch);
        };
        OutputCapture capture = capture(flaky);

        capture.lines(LogStream.STDOUT, List.of("kept"));
        capture.exited(0);

        assertEquals(List.of("kept"), store.read(RUN, 0, 10).stream().map(LogEntry::message).toList());
        assertEquals(List.of(0), heard.exits);
    }

    /** What the capture told its listener. */
    private final class Heard implements OutputCapture.Listener {

        final List<Progress> progress = new CopyOnWriteArrayList<>();
        final List<Long> stored = new CopyOnWriteArrayList<>();
        final List<Integer> exits = new CopyOnWriteArrayList<>();
        final AtomicInteger lastSeqStoredAtExit = new AtomicInteger(-1);

        @Override
        public void progress(Progress update) {
            progress.add(update);
        }

        @Override
        public void stored(long lastSeq) {
            stored.add(lastSeq);
        }

        @Override
        public void exited(int exitCode) {
            lastSeqStoredAtExit.set((int) store.lastSeq(RUN));
            exits.add(exitCode);
        }
    }
}
