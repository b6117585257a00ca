package org.prismq.runner.adapters.process;

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
        List<String> lines = new ArrayList<>();
        int end = offset + count;
        int position = offset;
        int start = position;
        while (position < end) {
            byte b = chunk[position];
            if (b != '\n' && b != '\r') {
                position++;
                continue;
            }
            append(chunk, start, position - start, lines);
            if (b == '\n') {
                lines.add(takeLine());
            } else {
                endFrame();
            }
            position++;
            start = position;
        }
        append(chunk, start, end - start, lines);
        return lines;
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
