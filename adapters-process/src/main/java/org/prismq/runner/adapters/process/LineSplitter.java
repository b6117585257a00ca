package org.prismq.runner.adapters.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the raw bytes of one output stream into lines. Breaks are {@code \n}, {@code \r\n} and a lone {@code \r};
 * a {@code \r\n} split across two chunks is one break. Lines are decoded as UTF-8, malformed or unmappable bytes
 * becoming U+FFFD; control characters (NUL, ANSI escapes) stay in the text. A line longer than
 * {@code maxLineBytes} is cut into consecutive pieces of at most that many bytes, never inside a UTF-8 sequence,
 * so the splitter holds at most one piece of a line whatever the process prints.
 *
 * <p>Not thread-safe: one splitter serves one stream, fed by one thread.
 */
final class LineSplitter {

    /** The longest UTF-8 sequence; a piece can only be cut before a sequence's lead byte if it holds more. */
    static final int MIN_MAX_LINE_BYTES = 4;

    private final int maxLineBytes;
    private final byte[] line;
    private int length;
    /**
     * The previous chunk ended with a {@code \r}, whose line was already emitted: a {@code \n} opening the next
     * chunk belongs to that break. Emitting at once, rather than waiting for the next byte, gives the same lines
     * and does not hold back a progress line until the process prints again.
     */
    private boolean swallowLineFeed;

    LineSplitter(int maxLineBytes) {
        if (maxLineBytes < MIN_MAX_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be at least " + MIN_MAX_LINE_BYTES + ", was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.line = new byte[maxLineBytes];
    }

    /** Feeds the next bytes of the stream and returns the lines they complete, possibly none. */
    List<String> feed(byte[] chunk, int offset, int count) {
        List<String> lines = new ArrayList<>();
        int end = offset + count;
        int position = offset;
        if (swallowLineFeed && position < end) {
            swallowLineFeed = false;
            if (chunk[position] == '\n') {
                position++;
            }
        }
        int start = position;
        while (position < end) {
            byte b = chunk[position];
            if (b != '\n' && b != '\r') {
                position++;
                continue;
            }
            append(chunk, start, position - start, lines);
            lines.add(takeLine());
            position++;
            if (b == '\r') {
                if (position == end) {
                    swallowLineFeed = true;
                } else if (chunk[position] == '\n') {
                    position++;
                }
            }
            start = position;
        }
        append(chunk, start, end - start, lines);
        return lines;
    }

    /** Ends the stream: returns its last line if it did not end with a line break. */
    List<String> finish() {
        swallowLineFeed = false;
        return length == 0 ? List.of() : List.of(takeLine());
    }

    private void append(byte[] bytes, int from, int count, List<String> lines) {
        int next = from;
        int left = count;
        while (left > 0) {
            if (length == maxLineBytes) {
                lines.add(takePiece());
            }
            int copied = Math.min(left, maxLineBytes - length);
            System.arraycopy(bytes, next, line, length, copied);
            length += copied;
            next += copied;
            left -= copied;
        }
    }

    private String takeLine() {
        String text = decode(length);
        length = 0;
        return text;
    }

    /** Emits a full buffer as a piece, keeping back a trailing incomplete UTF-8 sequence for the next piece. */
    private String takePiece() {
        int cut = sequenceSafeCut();
        String text = decode(cut);
        System.arraycopy(line, cut, line, 0, length - cut);
        length -= cut;
        return text;
    }

    private int sequenceSafeCut() {
        int lead = length - 1;
        while (lead > 0 && length - lead < MIN_MAX_LINE_BYTES && isContinuation(line[lead])) {
            lead--;
        }
        return sequenceLength(line[lead]) > length - lead ? lead : length;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** The length a lead byte announces; 1 for ASCII and for bytes that cannot start a sequence. */
    private static int sequenceLength(byte b) {
        if ((b & 0xE0) == 0xC0) {
            return 2;
        }
        if ((b & 0xF0) == 0xE0) {
            return 3;
        }
        if ((b & 0xF8) == 0xF0) {
            return 4;
        }
        return 1;
    }

    /** The String constructor replaces malformed input with U+FFFD, as a replacing decoder does, and is faster. */
    private String decode(int count) {
        return new String(line, 0, count, StandardCharsets.UTF_8);
    }
}
