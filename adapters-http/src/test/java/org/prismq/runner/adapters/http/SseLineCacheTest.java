package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;

class SseLineCacheTest {

    private static final Instant AT = Instant.parse("2026-01-31T12:00:00.123456Z");

    @Test
    void aLineHandedToManyReadersIsEncodedOnce() {
        SseLineCache cache = new SseLineCache(16);
        LogEntry entry = LogEntry.classified(7, AT, LogStream.STDOUT, "INFO hello");

        assertSame(cache.event(entry, 0, new SseLineEncoder()), cache.event(entry, 0, new SseLineEncoder()));
    }

    @Test
    void theEventCarriesTheSeqAsIdAndTheEntryAsJson() {
        SseLineCache cache = new SseLineCache(16);
        LogEntry entry = LogEntry.classified(7, AT, LogStream.STDERR, "boom \"quoted\"");

        assertEquals("id: 7\ndata: {\"seq\":7,\"timestamp\":\"2026-01-31T12:00:00.123456Z\",\"level\":\"ERROR\","
                + "\"stream\":\"stderr\",\"message\":\"boom \\\"quoted\\\"\"}\n\n",
                new String(cache.event(entry, 0, new SseLineEncoder()), StandardCharsets.UTF_8));
    }

    @Test
    void asManyConsecutiveLinesOfARunAsThereAreSlotsAreAllKept() {
        SseLineCache cache = new SseLineCache(64);
        int offset = SseLineCache.offset(new RunId("run_a"));
        List<LogEntry> entries = LongStream.rangeClosed(1_000, 1_063)
                .mapToObj(seq -> LogEntry.classified(seq, AT, LogStream.STDOUT, "line " + seq)).toList();
        SseLineEncoder encoder = new SseLineEncoder();
        List<byte[]> first = entries.stream().map(entry -> cache.event(entry, offset, encoder)).toList();

        for (int i = 0; i < entries.size(); i++) {
            assertSame(first.get(i), cache.event(entries.get(i), offset, encoder), "line " + entries.get(i).seq());
        }
    }

    @Test
    void runsAreSpreadOverTheSlots() {
        int slots = 4096;
        assertNotEquals(SseLineCache.offset(new RunId("run_a")) & (slots - 1),
                SseLineCache.offset(new RunId("run_b")) & (slots - 1));
    }

    @Test
    void anEqualButDistinctLineInTheSameSlotIsEncodedAgainCorrectly() {
        SseLineCache cache = new SseLineCache(1);
        LogEntry first = LogEntry.classified(1, AT, LogStream.STDOUT, "one");
        LogEntry second = LogEntry.classified(2, AT, LogStream.STDOUT, "two");

        cache.event(first, 0, new SseLineEncoder());
        String event = new String(cache.event(second, 0, new SseLineEncoder()), StandardCharsets.UTF_8);

        assertEquals(true, event.startsWith("id: 2\n") && event.contains("\"message\":\"two\""), event);
    }
}
