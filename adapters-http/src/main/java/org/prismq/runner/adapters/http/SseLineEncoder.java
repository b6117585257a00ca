package org.prismq.runner.adapters.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiFunction;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;

/**
 * Encodes the SSE event of one line, {@code id: <seq>} and {@code data: <LogEntry JSON>}, straight into UTF-8
 * bytes: the same bytes as {@link LogsJson.LogEntryJson} written by {@link Json#text} and encoded to UTF-8 (every
 * control character escaped as Jackson escapes it, a lone surrogate as {@code ?}), at a fraction of the cost, since
 * a busy run's every line is encoded once per run even with one reader. The lines of one captured batch share
 * their timestamp, formatted once ({@link TimestampBytes}). Not thread-safe: one encoder per stream.
 */
final class SseLineEncoder {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = ascii("id: ");
    private static final byte[] DATA_SEQ = ascii("\ndata: {\"seq\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":\"");
    private static final byte[] END = ascii("\"}\n\n");
    /** {@code ","level":"<LEVEL>","stream":"<stream>","message":"} by level ordinal, then stream ordinal. */
    private static final byte[][][] LEVEL_STREAM = byLevelAndStream((level, stream) -> "\",\"level\":\""
            + level.name() + "\",\"stream\":\"" + stream.wireName() + "\",\"message\":\"");
    /** How each ASCII character is written in a JSON string: 0 as is, else the character after a backslash. */
    private static final byte[] ESCAPES = escapes();

    /** Made on the first event: most streams find their lines encoded by another stream, or are idle. */
    private byte[] buffer = new byte[0];
    private int size;
    private final TimestampBytes timestamps = new TimestampBytes();

    /** The event of {@code entry}, without an {@code event:} field, ending with the blank line. */
    byte[] event(LogEntry entry) {
        String message = entry.message();
        size = 0;
        // Room for the fixed parts (at most 159 bytes: two 19-digit seqs, a 34-character timestamp of the year
        // 999,999,999); the message is made room for as it is written.
        ensure(192);
        put(ID);
        number(entry.seq());
        put(DATA_SEQ);
        number(entry.seq());
        put(TIMESTAMP);
        put(timestamps.of(entry.timestamp()));
        put(LEVEL_STREAM[entry.level().ordinal()][entry.stream().ordinal()]);
        string(message);
        ensure(END.length);
        put(END);
        return Arrays.copyOf(buffer, size);
    }

    private void number(long value) {
        if (value < 0) {
            // A seq is never negative; kept exact anyway.
            put(ascii(Long.toString(value)));
            return;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        long rest = value;
        for (int i = size + digits - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        size += digits;
    }

    /**
     * The characters of a JSON string, without its quotes, in UTF-8. The JDK encodes the text (a copy for ASCII
     * text, checked with vector instructions; {@code ?} for a lone surrogate, as Jackson's output encoded does);
     * then only quotes, backslashes and ASCII control characters are escaped, and no byte of a multi-byte
     * sequence is one of those. About half the cost of encoding and escaping character by character.
     */
    private void string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        // At most 6 bytes a byte (a control character as backslash-u and four hex digits).
        ensure(utf8.length * 6);
        byte[] out = buffer;
        int at = size;
        int start = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b < 0 || ESCAPES[b] == 0) {
                continue;
            }
            System.arraycopy(utf8, start, out, at, i - start);
            at += i - start;
            start = i + 1;
            byte escape = ESCAPES[b];
            out[at++] = '\\';
            out[at++] = escape;
            if (escape == 'u') {
                out[at++] = '0';
                out[at++] = '0';
                out[at++] = HEX[b >> 4];
                out[at++] = HEX[b & 0xF];
            }
        }
        System.arraycopy(utf8, start, out, at, utf8.length - start);
        size = at + utf8.length - start;
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(Math.max(buffer.length * 2, size + more), 256));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The ASCII bytes of {@code text} for each level and stream, by their ordinals. */
    static byte[][][] byLevelAndStream(BiFunction<LogLevel, LogStream, String> text) {
        LogLevel[] levels = LogLevel.values();
        LogStream[] streams = LogStream.values();
        byte[][][] parts = new byte[levels.length][streams.length][];
        for (LogLevel level : levels) {
            for (LogStream stream : streams) {
                parts[level.ordinal()][stream.ordinal()] = ascii(text.apply(level, stream));
            }
        }
        return parts;
    }

    private static byte[] escapes() {
        byte[] escapes = new byte[128];
        for (int c = 0; c < 0x20; c++) {
            escapes[c] = 'u';
        }
        escapes['\b'] = 'b';
        escapes['\t'] = 't';
        escapes['\n'] = 'n';
        escapes['\f'] = 'f';
        escapes['\r'] = 'r';
        escapes['"'] = '"';
        escapes['\\'] = '\\';
        return escapes;
    }
}
