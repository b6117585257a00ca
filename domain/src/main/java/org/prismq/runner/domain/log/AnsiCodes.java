package org.prismq.runner.domain.log;

/**
 * Removes terminal escape sequences from a line, so that a search sees the text a terminal would show: CSI
 * sequences such as colours ({@code ESC [ 31 m}), OSC sequences such as hyperlinks and titles (ended by
 * {@code BEL} or {@code ESC \}), and the other two-character escapes ({@code ESC} and one character).
 */
public final class AnsiCodes {

    private static final char ESCAPE = '\u001b';
    private static final char BELL = '\u0007';

    private AnsiCodes() {
    }

    /** {@code line} without its escape sequences; the same instance when it has none. */
    public static String strip(String line) {
        int escape = line.indexOf(ESCAPE);
        if (escape < 0) {
            return line;
        }
        StringBuilder text = new StringBuilder(line.length());
        int i = 0;
        while (escape >= 0) {
            text.append(line, i, escape);
            i = afterSequence(line, escape);
            escape = line.indexOf(ESCAPE, i);
        }
        return text.append(line, i, line.length()).toString();
    }

    /** Where the escape sequence starting at {@code start} ends; a sequence cut short ends the line. */
    private static int afterSequence(String line, int start) {
        int length = line.length();
        int i = start + 1;
        if (i >= length) {
            return length;
        }
        char kind = line.charAt(i++);
        if (kind == '[') {
            while (i < length && (line.charAt(i) < 0x40 || line.charAt(i) > 0x7E)) {
                i++;
            }
            return Math.min(i + 1, length);
        }
        if (kind == ']') {
            while (i < length) {
                char c = line.charAt(i);
                if (c == BELL) {
                    return i + 1;
                }
                if (c == ESCAPE && i + 1 < length && line.charAt(i + 1) == '\\') {
                    return i + 2;
                }
                i++;
            }
            return length;
        }
        return i;
    }
}
