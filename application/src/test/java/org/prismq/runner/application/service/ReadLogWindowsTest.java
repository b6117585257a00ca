package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

class ReadLogWindowsTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private final Harness harness = new Harness(TestModules.module("demo"));

    @AfterEach
    void closeHarness() {
        harness.close();
    }

    private RunId runWithLines(int count) {
        Run run = Run.queued(new RunId("demo-1"), new ModuleId("demo"), "Demo", Map.of(), T0);
        harness.runs.add(run);
        harness.logs.append(run.id(), LongStream.rangeClosed(1, count)
                .mapToObj(seq -> new LogEntry(seq, T0, LogLevel.INFO, LogStream.STDOUT, "line " + seq))
                .toList());
        return run.id();
    }

    private static List<Long> seqs(LogSlice slice) {
        return slice.entries().stream().map(LogEntry::seq).toList();
    }

    @Test
    void aWindowHoldsTheContextBeforeTheLineTheLineAndTheContextAfter() {
        RunId run = runWithLines(100);

        LogSlice window = harness.logService.around(run, 50, 3);

        assertEquals(List.of(47L, 48L, 49L, 50L, 51L, 52L, 53L), seqs(window));
        assertTrue(window.truncated());
    }

    @Test
    void aWindowNearEitherEndHoldsWhatThereIs() {
        RunId run = runWithLines(10);

        assertEquals(List.of(1L, 2L, 3L), seqs(harness.logService.around(run, 1, 2)));
        assertEquals(List.of(8L, 9L, 10L), seqs(harness.logService.around(run, 10, 2)));
        LogSlice whole = harness.logService.around(run, 5, 50);
        assertEquals(10, whole.entries().size());
        assertFalse(whole.truncated());
    }

    @Test
    void aWindowPastTheEndHoldsTheLastLines() {
        RunId run = runWithLines(10);

        assertEquals(List.of(8L, 9L, 10L), seqs(harness.logService.around(run, 1_000, 2)));
        assertEquals(List.of(10L), seqs(harness.logService.around(run, 11, 0)));
    }

    @Test
    void aWindowOfARunWithoutLinesIsEmpty() {
        RunId run = runWithLines(0);

        LogSlice window = harness.logService.around(run, 5, 2);

        assertEquals(List.of(), window.entries());
        assertFalse(window.truncated());
    }

    @Test
    void aPageBackwardHoldsTheLinesBeforeAndSaysWhetherEarlierOnesRemain() {
        RunId run = runWithLines(10);

        LogSlice page = harness.logService.before(run, 8, 3);
        assertEquals(List.of(5L, 6L, 7L), seqs(page));
        assertTrue(page.truncated());
        LogSlice first = harness.logService.before(run, 4, 3);
        assertEquals(List.of(1L, 2L, 3L), seqs(first));
        assertFalse(first.truncated());
    }

    @Test
    void windowsOfAnUnknownRunAreRunNotFound() {
        RunId unknown = new RunId("never-1");

        assertThrows(RunnerException.RunNotFound.class, () -> harness.logService.around(unknown, 1, 5));
        assertThrows(RunnerException.RunNotFound.class, () -> harness.logService.before(unknown, 1, 5));
    }
}
