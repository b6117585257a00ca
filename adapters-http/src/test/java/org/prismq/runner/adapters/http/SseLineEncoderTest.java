package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;

class SseLineEncoderTest {

    private static final Instant AT = Instant.parse("2026-01-31T12:00:00.123456Z");

    /** What the event was before the encoder: the entry's JSON through Jackson, encoded to UTF-8. */
    private static byte[] throughJackson(LogEntry entry) {
        String json = Json.text(LogsJson.LogEntryJson.from(entry));
        return ("id: " + entry.seq() + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheSeqAsIdAndTheEntryAsCompactJson() {
        LogEntry entry = new LogEntry(42, AT, LogLevel.WARNING, LogStream.STDERR, "disk \"full\" \\ 95%");

        assertEquals("id: 42\ndata: {\"seq\":42,\"timestamp\":\"2026-01-31T12:00:00.123456Z\",\"level\":\"WARNING\","
                + "\"stream\":\"stderr\",\"message\":\"disk \\\"full\\\" \\\\ 95%\"}\n\n",
                new String(new SseLineEncoder().event(entry), StandardCharsets.UTF_8));
    }

    @Test
    void escapesEveryControlCharacterAsJacksonDoes() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        controls.append('\u007F').append("\u2028\u2029/<>&'");
        LogEntry entry = new LogEntry(1, AT, LogLevel.INFO, LogStream.STDOUT, controls.toString());

        assertArrayEquals(throughJackson(entry), new SseLineEncoder().event(entry));
    }

    @Test
    void encodesAnyTextAsJacksonAndUtf8Did() {
        Random random = new Random(20);
        SseLineEncoder encoder = new SseLineEncoder();
        char[] pool = {'a', 'Z', '0', ' ', '"', '\\', '\n', '\r', '\t', '\u0000', '\u001B', 'é', 'ß', '€', '中',
            '\uD83D', '\uDE00', '\uFFFD', '\u07FF', '\u0800'};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(i % 100 == 0 ? 3000 : 80);
            for (int k = 0; k < length; k++) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : pool[random.nextInt(pool.length)]);
            }
            LogLevel level = LogLevel.values()[random.nextInt(LogLevel.values().length)];
            LogStream stream = LogStream.values()[random.nextInt(LogStream.values().length)];
            Instant at = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_800L), random.nextInt(1_000_000_000));
            LogEntry entry = new LogEntry(1 + random.nextLong(Long.MAX_VALUE - 1), at, level, stream,
                    text.toString());

            assertArrayEquals(throughJackson(entry), encoder.event(entry), () -> "text " + entry.message());
        }
    }

    @Test
    void formatsTimestampsAsTheWireFormatForEveryYear() {
        for (String instant : new String[] {"1970-01-01T00:00:00Z", "0000-01-01T00:00:00.000001Z",
            "9999-12-31T23:59:59.999999999Z", "2024-02-29T23:59:59.5Z", "+10000-01-01T00:00:00Z",
            "-0001-06-15T01:02:03.004005Z"}) {
            Instant at = Instant.parse(instant);

            assertEquals(Timestamps.format(at), new String(TimestampBytes.format(at), StandardCharsets.UTF_8),
                    instant);
        }
    }

    @Test
    void theLongestSeqsAndTimestampsFit() {
        for (Instant at : new Instant[] {Instant.parse("+999999999-12-31T23:59:59.999999999Z"),
            Instant.parse("-999999999-01-01T00:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z")}) {
            LogEntry entry = new LogEntry(Long.MAX_VALUE, at, LogLevel.CRITICAL, LogStream.STDERR, "");

            assertArrayEquals(throughJackson(entry), new SseLineEncoder().event(entry), at::toString);
        }
    }

    @Test
    void aLineAfterOneWithTheSameTimestampGetsItsOwnText() {
        SseLineEncoder encoder = new SseLineEncoder();
        LogEntry first = new LogEntry(1, AT, LogLevel.INFO, LogStream.STDOUT, "one");
        LogEntry second = new LogEntry(2, Instant.parse("2026-01-31T12:00:00.123457Z"), LogLevel.INFO,
                LogStream.STDOUT, "two");

        encoder.event(first);

        assertArrayEquals(throughJackson(second), encoder.event(second));
        assertArrayEquals(throughJackson(first), encoder.event(first));
    }
}
