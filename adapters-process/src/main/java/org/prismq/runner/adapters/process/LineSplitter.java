package org.prismq.runner.adapters.process;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the raw bytes of one output stream into lines. A line ends at {@code \n} or {@code \r\n}. A lone
 * {@code \r} ends a <em>frame</em> of the line being written, as a progress bar redrawn in place: the text so far
 * becomes the line's latest frame and the line starts over. At the line's end the text since its last {@code \r}
 * is the line, or the last frame when that text is empty ({@code abc\r\n} and {@code abc\r\r\n} give
 * {@code abc}), so that a million frames of one bar make one line; at the end of the stream a pending text or frame
 * is the last line. A {@code \r\n} split across two chunks needs no waiting: the {@code \r} makes a frame at
 * once and the {@code \n} then ends the line with it.
 *
 * <p>Lines are decoded as UTF-8, malformed or unmappable bytes becoming U+FFFD; control characters (NUL, ANSI
 * escapes) stay in the text. A line longer than {@code maxLineBytes} is cut into consecutive pieces of at most that
 * many bytes, never inside a UTF-8 sequence; a frame is at most as long, so the splitter holds at most two pieces of
 * a line whatever the process prints.
 *
 * <p>Not thread-safe: one splitter serves one stream, fed by one thread.
 */
final class LineSplitter {

    /** Eight bytes of an array as one long, the first byte lowest, whatever the platform's byte order. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long LINE_FEEDS = ONES * '\n';
    private static final long CARRIAGE_RETURNS = ONES * '\r';

    /** The longest UTF-8 sequence; a piece can only be cut before a sequence's lead byte if it holds more. */
    static final int MIN_MAX_LINE_BYTES = 4;

    private final int maxLineBytes;
    /** The text of the line since its last frame. */
    private byte[] line;
    private int length;
    /**
     * The line's last frame, {@code frameLength} 0 when it has none. It trades buffers with {@link #line} rather
     * than copying, so a frame costs no more than scanning it; allocated at the first frame of the stream.
     */
    private byte[] frame;
    private int frameLength;
    /** The last frame is newer than the one {@link #takeFrame} last returned, and its line is not complete. */
    private boolean frameUnreported;
    /**
     * How many lines the last {@link #feed} returned: the next list is made that large, since a stream's chunks
     * mostly hold as many lines as the one before, and a list grown from ten to a read's 900 lines cost about 40
     * bytes of copies a line.
     */
    private int lastLineCount;

    LineSplitter(int maxLineBytes) {
        if (maxLineBytes < MIN_MAX_LINE_BYTES) {
            throw new IllegalArgumentException(
                    "maxLineBytes must be at least " + MIN_MAX_LINE_BYTES + ", was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.line = new byte[maxLineBytes];
    }

    /**
     * Feeds the next bytes of the stream and returns the lines they complete, possibly none; {@link #takeFrame}
     * then tells the frame they leave pending, if any.
     */
    List<String> feed(byte[] chunk, int offset, int count) {
        List<String> lines = new ArrayList<>(lastLineCount + (lastLineCount >>> 3) + 1);
        int end = offset + count;
        int start = offset;
        int lineEnd;
        while ((lineEnd = nextBreak(chunk, start, end)) < end) {
            int bytes = lineEnd - start;
            boolean newline = chunk[lineEnd] == '\n';
            if (newline && length == 0 && bytes > 0 && bytes <= maxLineBytes) {
                // A whole line within the chunk, the usual case: decoded where it lies, without the copy.
                forgetFrame();
                lines.add(new String(chunk, start, bytes, StandardCharsets.UTF_8));
            } else {
                append(chunk, start, bytes, lines);
                if (newline) {
                    lines.add(takeLine());
                } else {
                    endFrame();
                }
            }
            start = lineEnd + 1;
        }
        append(chunk, start, end - start, lines);
        lastLineCount = lines.size();
        return lines;
    }

    /**
     * Where the first {@code \n} or {@code \r} of {@code bytes[from, end)} is, else {@code end}. Looks at eight
     * bytes at a time: a byte equal to the one sought is a zero byte of their exclusive or, and subtracting 1 from
     * each byte sets the high bit of the lowest zero byte (higher bytes may be flagged wrongly, lower ones never).
     */
    static int nextBreak(byte[] bytes, int from, int end) {
        int i = from;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long lineFeeds = word ^ LINE_FEEDS;
            long returns = word ^ CARRIAGE_RETURNS;
            long found = ((lineFeeds - ONES) & ~lineFeeds | (returns - ONES) & ~returns) & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return i;
            }
        }
        return end;
    }

    /**
     * The latest frame of the line being written, when the bytes fed since the last call ended one and did not
     * complete its line; else {@code null}. Frames superseded within those bytes are never returned.
     */
    String takeFrame() {
        if (!frameUnreported) {
            return null;
        }
        frameUnreported = false;
        return new String(frame, 0, frameLength, StandardCharsets.UTF_8);
    }

    /** Ends the stream: returns its last line if it did not end with a line break (its last frame, if that is all). */
    List<String> finish() {
        return length == 0 && frameLength == 0 ? List.of() : List.of(takeLine());
    }

    /** An empty frame ({@code \r\r}) keeps the one before: a terminal would still show it. */
    private void endFrame() {
        if (length == 0) {
            return;
        }
        if (frame == null) {
            frame = new byte[maxLineBytes];
        }
        byte[] previous = frame;
        frame = line;
        frameLength = length;
        line = previous;
        length = 0;
        frameUnreported = true;
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
        String text = length > 0 || frameLength == 0
                ? decode(length)
                : new String(frame, 0, frameLength, StandardCharsets.UTF_8);
        length = 0;
        forgetFrame();
        return text;
    }

    private void forgetFrame() {
        frameLength = 0;
        frameUnreported = false;
    }

    /** Emits a full buffer as a piece, keeping back a trailing incomplete UTF-8 sequence for the next piece. */
    private String takePiece() {
        // The piece is a line of its own: a frame from before it no longer stands for the line being written.
        forgetFrame();
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
