package org.prismq.runner.domain.log;

import java.util.Locale;

/**
 * Severity of a line, lowest first. A line's level is the first level word it contains (a whole upper-case
 * word: {@code DEBUG}/{@code TRACE}, {@code INFO}, {@code WARNING}/{@code WARN}, {@code ERROR}/{@code EXCEPTION},
 * {@code CRITICAL}/{@code FATAL}); a line without one is {@link #INFO} on stdout and {@link #ERROR} on stderr.
 */
public enum LogLevel {
    DEBUG,
    INFO,
    WARNING,
    ERROR,
    CRITICAL;

    private static final char ESCAPE = '\u001b';
    /** What a character is to {@link #classify}: none of the others, a word character, an upper-case letter, ESC. */
    private static final byte OTHER = 0;
    private static final byte WORD = 1;
    private static final byte UPPER = 2;
    private static final byte ESCAPE_KIND = 3;
    private static final byte[] ASCII_KINDS = asciiKinds();

    /** Parses a level name as a client writes it (case-insensitive, {@code WARN} and the other aliases too). */
    public static LogLevel parse(String value) {
        LogLevel level = ofWord(value.strip().toUpperCase(Locale.ROOT));
        if (level == null) {
            throw new IllegalArgumentException("unknown log level '" + value
                    + "' (expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL)");
        }
        return level;
    }

    /** Whether this level is at least as severe as {@code other}. */
    public boolean isAtLeast(LogLevel other) {
        return compareTo(other) >= 0;
    }

    /**
     * Classifies one line. Runs on the capture hot path: it looks at each character once, by a table for ASCII,
     * and compares only runs of upper-case letters that start a word with the level words, in place.
     */
    public static LogLevel classify(String message, LogStream stream) {
        int length = message.length();
        // Whether a word may start at i: the character before it is no word character, or ends an escape sequence.
        boolean wordStart = true;
        int i = 0;
        while (i < length) {
            char c = message.charAt(i);
            int kind = c < ASCII_KINDS.length ? ASCII_KINDS[c] : Character.isLetterOrDigit(c) ? WORD : OTHER;
            if (kind == UPPER && wordStart) {
                int start = i;
                do {
                    i++;
                } while (i < length && isUpperAscii(message.charAt(i)));
                if (i < length && isWordChar(message.charAt(i))) {
                    // The word goes on with a character that is not an upper-case letter: no level word.
                    wordStart = false;
                    i++;
                    continue;
                }
                LogLevel level = ofWord(message, start, i - start);
                if (level != null) {
                    return level;
                }
                // message.charAt(i), if any, ends the word: it is looked at next.
                continue;
            }
            if (kind == ESCAPE_KIND) {
                i = afterEscapeSequence(message, i);
                wordStart = true;
                continue;
            }
            wordStart = kind == OTHER;
            i++;
        }
        return stream == LogStream.STDERR ? ERROR : INFO;
    }

    /**
     * Classifies one line as {@link #classify(String, LogStream)} does, by its UTF-8 bytes {@code utf8} when they
     * are ASCII: reading a byte array costs half of reading the characters of a string. At the first byte of a
     * multi-byte sequence, whose character's class the rule needs, it classifies {@code message} instead.
     *
     * @param utf8 {@code message} encoded in UTF-8
     */
    public static LogLevel classify(String message, byte[] utf8, LogStream stream) {
        int length = utf8.length;
        boolean wordStart = true;
        int i = 0;
        while (i < length) {
            int b = utf8[i];
            if (b < 0) {
                return classify(message, stream);
            }
            int kind = ASCII_KINDS[b];
            if (kind == UPPER && wordStart) {
                int start = i;
                do {
                    i++;
                } while (i < length && utf8[i] >= 'A' && utf8[i] <= 'Z');
                if (i < length && utf8[i] < 0) {
                    return classify(message, stream);
                }
                if (i < length && ASCII_KINDS[utf8[i]] == WORD) {
                    wordStart = false;
                    i++;
                    continue;
                }
                LogLevel level = ofWord(utf8, start, i - start);
                if (level != null) {
                    return level;
                }
                continue;
            }
            if (kind == ESCAPE_KIND) {
                i++;
                if (i < length && utf8[i] == '[') {
                    i++;
                    while (i < length && (utf8[i] < 0x40 || utf8[i] > 0x7E)) {
                        if (utf8[i] < 0) {
                            return classify(message, stream);
                        }
                        i++;
                    }
                }
                i++;
                wordStart = true;
                continue;
            }
            wordStart = kind == OTHER;
            i++;
        }
        return stream == LogStream.STDERR ? ERROR : INFO;
    }

    /**
     * Where the ANSI escape sequence starting at {@code start} ends: colour codes such as {@code ESC[31m}
     * surround level words in coloured output and must not glue to them.
     */
    private static int afterEscapeSequence(String message, int start) {
        int i = start + 1;
        if (i < message.length() && message.charAt(i) == '[') {
            i++;
            while (i < message.length() && (message.charAt(i) < 0x40 || message.charAt(i) > 0x7E)) {
                i++;
            }
        }
        return i + 1;
    }

    private static LogLevel ofWord(String word) {
        return switch (word) {
            case "DEBUG", "TRACE" -> DEBUG;
            case "INFO" -> INFO;
            case "WARNING", "WARN" -> WARNING;
            case "ERROR", "EXCEPTION" -> ERROR;
            case "CRITICAL", "FATAL" -> CRITICAL;
            default -> null;
        };
    }

    /** The level named by the upper-case word of {@code length} characters at {@code start}, else null. */
    private static LogLevel ofWord(String message, int start, int length) {
        // Compared in place: no substring for each upper-case word of a level word's length.
        return switch (length) {
            case 4 -> message.startsWith("INFO", start) ? INFO : message.startsWith("WARN", start) ? WARNING : null;
            case 5 -> message.startsWith("DEBUG", start) || message.startsWith("TRACE", start) ? DEBUG
                    : message.startsWith("ERROR", start) ? ERROR
                    : message.startsWith("FATAL", start) ? CRITICAL : null;
            case 7 -> message.startsWith("WARNING", start) ? WARNING : null;
            case 8 -> message.startsWith("CRITICAL", start) ? CRITICAL : null;
            case 9 -> message.startsWith("EXCEPTION", start) ? ERROR : null;
            default -> null;
        };
    }

    /** The level named by the upper-case ASCII word of {@code length} bytes at {@code start}, else null. */
    private static LogLevel ofWord(byte[] utf8, int start, int length) {
        return switch (length) {
            case 4 -> is(utf8, start, "INFO") ? INFO : is(utf8, start, "WARN") ? WARNING : null;
            case 5 -> is(utf8, start, "DEBUG") || is(utf8, start, "TRACE") ? DEBUG
                    : is(utf8, start, "ERROR") ? ERROR
                    : is(utf8, start, "FATAL") ? CRITICAL : null;
            case 7 -> is(utf8, start, "WARNING") ? WARNING : null;
            case 8 -> is(utf8, start, "CRITICAL") ? CRITICAL : null;
            case 9 -> is(utf8, start, "EXCEPTION") ? ERROR : null;
            default -> null;
        };
    }

    private static boolean is(byte[] utf8, int start, String word) {
        for (int k = 0; k < word.length(); k++) {
            if (utf8[start + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] asciiKinds() {
        byte[] kinds = new byte[128];
        for (char c = 0; c < kinds.length; c++) {
            kinds[c] = isUpperAscii(c) ? UPPER : c == ESCAPE ? ESCAPE_KIND : isWordChar(c) ? WORD : OTHER;
        }
        return kinds;
    }

    private static boolean isWordChar(char c) {
        // ASCII by range: most log text is ASCII, and Character.isLetterOrDigit costs a table walk a character.
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
        }
        return Character.isLetterOrDigit(c);
    }

    private static boolean isUpperAscii(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
