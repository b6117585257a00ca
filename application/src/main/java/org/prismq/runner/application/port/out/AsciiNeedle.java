package org.prismq.runner.application.port.out;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A substring of ASCII characters looked for in a line's UTF-8 bytes, eight bytes at a time, so that a search
 * tells most lines apart without decoding them. It answers as {@link LineMatcher.SubstringMatcher#matches} would
 * on the decoded line:
 * <ul>
 *   <li>UTF-8 encodes a character beyond ASCII only with bytes of {@code 0x80} and above, so a match of ASCII
 *       bytes is a match of characters, and such characters never match an ASCII byte of the needle, except
 *       that, ignoring case, {@code U+0130}, {@code U+0131}, {@code U+017F} and {@code U+212A} fold to
 *       {@code i}, {@code s} and {@code k}: a line beyond ASCII without a match is left undecided when the
 *       needle holds one of those letters;</li>
 *   <li>escape sequences are removed from a line of ASCII bytes as {@link org.prismq.runner.domain.log.AnsiCodes}
 *       removes them from its characters; a line with both is left undecided.</li>
 * </ul>
 * Not thread-safe: it keeps a buffer for lines without their escape sequences.
 */
final class AsciiNeedle {

    /** {@link #find}'s answer when only decoding the line can tell. */
    static final int UNDECIDED = -1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final byte ESCAPE = 0x1b;
    private static final byte BELL = 0x07;
    private static final long ESCAPES = ESCAPE * ONES;
    /** The first bytes of U+0130 and U+0131, of U+017F, and of U+212A in UTF-8: the characters that fold to ASCII. */
    private static final long DOTTED_I_LEAD = 0xC4 * ONES;
    private static final long LONG_S_LEAD = 0xC5 * ONES;
    private static final long KELVIN_LEAD = 0xE2 * ONES;

    /** The needle, lower-cased when case is ignored. */
    private final byte[] needle;
    /** Per byte of the needle: {@code 0x20} when it is a letter and case is ignored, so that OR-ing folds. */
    private final byte[] caseBit;
    private final boolean foldsFromBeyondAscii;
    private final long first;
    private final long firstCase;
    private final long last;
    private final long lastCase;
    private byte[] stripped = new byte[256];

    private AsciiNeedle(byte[] needle, byte[] caseBit, boolean foldsFromBeyondAscii) {
        this.needle = needle;
        this.caseBit = caseBit;
        this.foldsFromBeyondAscii = foldsFromBeyondAscii;
        this.first = (needle[0] & 0xFF) * ONES;
        this.firstCase = caseBit[0] * ONES;
        this.last = (needle[needle.length - 1] & 0xFF) * ONES;
        this.lastCase = caseBit[needle.length - 1] * ONES;
    }

    /** The needle for {@code text}, or {@code null} when it is empty or holds a character beyond ASCII or ESC. */
    static AsciiNeedle of(String text, boolean caseSensitive) {
        if (text.isEmpty()) {
            return null;
        }
        byte[] bytes = new byte[text.length()];
        byte[] caseBit = new byte[text.length()];
        boolean folds = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c == ESCAPE) {
                return null;
            }
            char lower = Character.toLowerCase(c);
            boolean letter = lower >= 'a' && lower <= 'z';
            bytes[i] = (byte) (letter && !caseSensitive ? lower : c);
            caseBit[i] = (byte) (letter && !caseSensitive ? 0x20 : 0);
            folds |= !caseSensitive && (lower == 'i' || lower == 's' || lower == 'k');
        }
        return new AsciiNeedle(bytes, caseBit, folds);
    }

    /**
     * Whether the line of {@code length} UTF-8 bytes from {@code offset} holds the needle: {@code 1} yes,
     * {@code 0} no, {@link #UNDECIDED} when only decoding it can tell.
     */
    int find(byte[] bytes, int offset, int length) {
        int end = offset + length;
        if (end + needle.length + Long.BYTES > bytes.length) {
            return findNearTheEnd(bytes, offset, end);
        }
        // One pass of eight bytes at a time, reading up to a word past the line (the array goes on): checks
        // for escape codes and bytes beyond ASCII, and looks for the needle until found.
        int lastStart = end - needle.length;
        long high = 0;
        boolean found = false;
        for (int i = offset; i < end; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            if (end - i < Long.BYTES) {
                word &= lowBytes(end - i);
            }
            high |= word;
            if (zeros(word ^ ESCAPES) != 0) {
                return withEscapes(bytes, offset, end);
            }
            if (!found && i <= lastStart) {
                long candidates = zeros((word | firstCase) ^ first)
                        & zeros(((long) LONGS.get(bytes, i + needle.length - 1) | lastCase) ^ last);
                if (lastStart - i < Long.BYTES - 1) {
                    candidates &= lowBytes(lastStart - i + 1);
                }
                found = candidates != 0 && anyAt(bytes, i, candidates);
            }
        }
        if (found) {
            return 1;
        }
        return (high & HIGH_BITS) != 0 && foldsFromBeyondAscii ? UNDECIDED : 0;
    }

    /**
     * Where, from {@code from} on, a line stored among other bytes in {@code bytes} might hold the needle: the
     * first start of the needle's bytes, escape code, or (when the needle holds a letter some character beyond
     * ASCII folds to) first byte of such a character; {@code end} when there is none before it. A line whose
     * bytes lie wholly between {@code from} and the answer does not hold the needle. Reads only within
     * {@code bytes}.
     */
    int nextSuspect(byte[] bytes, int from, int end) {
        int length = needle.length;
        int i = from;
        int wordsEnd = Math.min(end, bytes.length - length - Long.BYTES + 1);
        for (; i < wordsEnd; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long suspects = zeros(word ^ ESCAPES);
            if (foldsFromBeyondAscii) {
                suspects |= zeros(word ^ DOTTED_I_LEAD) | zeros(word ^ LONG_S_LEAD) | zeros(word ^ KELVIN_LEAD);
            }
            long candidates = zeros((word | firstCase) ^ first)
                    & zeros(((long) LONGS.get(bytes, i + length - 1) | lastCase) ^ last);
            for (; candidates != 0; candidates &= candidates - 1) {
                long lowest = candidates & -candidates;
                if (isAt(bytes, i + (Long.numberOfTrailingZeros(lowest) >>> 3))) {
                    suspects |= lowest;
                    break;
                }
            }
            if (suspects != 0) {
                return Math.min(end, i + (Long.numberOfTrailingZeros(suspects) >>> 3));
            }
        }
        for (; i < end; i++) {
            byte b = bytes[i];
            if (b == ESCAPE || foldsFromBeyondAscii && (b == (byte) 0xC4 || b == (byte) 0xC5 || b == (byte) 0xE2)
                    || i + length <= bytes.length && isAt(bytes, i)) {
                return i;
            }
        }
        return end;
    }

    /** {@link #find} without reading past the array's end. */
    private int findNearTheEnd(byte[] bytes, int offset, int end) {
        long high = 0;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == ESCAPE) {
                return withEscapes(bytes, offset, end);
            }
            high |= bytes[i];
        }
        if (indexIn(bytes, offset, end) >= 0) {
            return 1;
        }
        return (high & HIGH_BITS) != 0 && foldsFromBeyondAscii ? UNDECIDED : 0;
    }

    /** {@link #find} on a line that holds an escape code. */
    private int withEscapes(byte[] bytes, int offset, int end) {
        for (int i = offset; i < end; i++) {
            if (bytes[i] < 0) {
                return UNDECIDED;
            }
        }
        int strippedLength = strip(bytes, offset, end);
        return indexIn(stripped, 0, strippedLength) >= 0 ? 1 : 0;
    }

    /** Whether the needle starts at {@code i} plus the index of a byte whose high bit {@code candidates} has. */
    private boolean anyAt(byte[] bytes, int i, long candidates) {
        for (long left = candidates; left != 0; left &= left - 1) {
            if (isAt(bytes, i + (Long.numberOfTrailingZeros(left) >>> 3))) {
                return true;
            }
        }
        return false;
    }

    /** The mask of the {@code count} (1 to 7) lowest bytes of a word. */
    private static long lowBytes(int count) {
        return (1L << (count << 3)) - 1;
    }

    /** Where the needle starts in {@code bytes} between {@code from} and {@code end}, or {@code -1}. */
    int indexIn(byte[] bytes, int from, int end) {
        int length = needle.length;
        int lastStart = end - length;
        int i = from;
        // Eight starts at a time: a start is a candidate when its first and last bytes are the needle's.
        for (; i + Long.BYTES - 1 <= lastStart; i += Long.BYTES) {
            long heads = (long) LONGS.get(bytes, i) | firstCase;
            long tails = (long) LONGS.get(bytes, i + length - 1) | lastCase;
            long candidates = zeros(heads ^ first) & zeros(tails ^ last);
            for (; candidates != 0; candidates &= candidates - 1) {
                int start = i + (Long.numberOfTrailingZeros(candidates) >>> 3);
                if (isAt(bytes, start)) {
                    return start;
                }
            }
        }
        for (; i <= lastStart; i++) {
            if (isAt(bytes, i)) {
                return i;
            }
        }
        return -1;
    }

    private boolean isAt(byte[] bytes, int start) {
        for (int j = 0; j < needle.length; j++) {
            if ((bytes[start + j] | caseBit[j]) != needle[j]) {
                return false;
            }
        }
        return true;
    }

    /** The high bit of each byte of {@code word} that is zero, and no other bit. */
    private static long zeros(long word) {
        return ~(((word & LOW_SEVEN) + LOW_SEVEN) | word | LOW_SEVEN);
    }

    /** Copies the ASCII line into {@link #stripped} without its escape sequences; returns the copy's length. */
    private int strip(byte[] bytes, int offset, int end) {
        if (stripped.length < end - offset) {
            stripped = new byte[Math.max(end - offset, stripped.length * 2)];
        }
        int size = 0;
        int i = offset;
        while (i < end) {
            if (bytes[i] == ESCAPE) {
                i = afterSequence(bytes, i, end);
            } else {
                stripped[size++] = bytes[i++];
            }
        }
        return size;
    }

    /** As {@link org.prismq.runner.domain.log.AnsiCodes}: where the sequence at {@code start} ends. */
    private static int afterSequence(byte[] bytes, int start, int end) {
        int i = start + 1;
        if (i >= end) {
            return end;
        }
        byte kind = bytes[i++];
        if (kind == '[') {
            while (i < end && (bytes[i] < 0x40 || bytes[i] > 0x7E)) {
                i++;
            }
            return Math.min(i + 1, end);
        }
        if (kind == ']') {
            while (i < end) {
                if (bytes[i] == BELL) {
                    return i + 1;
                }
                if (bytes[i] == ESCAPE && i + 1 < end && bytes[i + 1] == '\\') {
                    return i + 2;
                }
                i++;
            }
            return end;
        }
        return i;
    }
}
