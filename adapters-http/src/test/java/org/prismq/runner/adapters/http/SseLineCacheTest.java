package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;

class SseLineCacheTest {

    private static final Instant AT = Instant.parse("2026-01-31T12:00:00.123456Z");

    @Test
    void aLineHandedToManyReadersIsEncodedOnce() {
        SseLineCache cache = new SseLineCache(16);
        LogEntry entry = LogEntry.classified(7, AT, LogStream.STDOUT, "INFO hello");

        assertSame(cache.event(entry), cache.event(entry));
    }

    @Test
    void theEventCarriesTheSeqAsIdAndTheEntryAsJson() {
        SseLineCache cache = new SseLineCache(16);
        LogEntry entry = LogEntry.classified(7, AT, LogStream.STDERR, "boom \"quoted\"");

        assertEquals("id: 7\ndata: {\"seq\":7,\"timestamp\":\"2026-01-31T12:00:00.123456Z\",\"level\":\"ERROR\","
                + "\"stream\":\"stderr\",\"message\":\"boom \\\"quoted\\\"\"}\n\n",
                new String(cache.event(entry), StandardCharsets.UTF_8));
    }

    @Test
    void anEqualButDistinctLineInTheSameSlotIsEncodedAgainCorrectly() {
        SseLineCache cache = new SseLineCache(1);
        LogEntry first = LogEntry.classified(1, AT, LogStream.STDOUT, "one");
        LogEntry second = LogEntry.classified(2, AT, LogStream.STDOUT, "two");

        cache.event(first);
        String event = new String(cache.event(second), StandardCharsets.UTF_8);

        assertEquals(true, event.startsWith("id: 2\n") && event.contains("\"message\":\"two\""), event);
    }
}
