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
     * Classifies one line. Runs on the capture hot path, so it scans the characters once and allocates only
     * for upper-case words of a level word's length.
     */
    public static LogLevel classify(String message, LogStream stream) {
        int length = message.length();
        int i = 0;
        while (i < length) {
            char c = message.charAt(i);
            if (c == ESCAPE) {
                i = afterEscapeSequence(message, i);
                continue;
            }
            if (!isWordChar(c)) {
                i++;
                continue;
            }
            int start = i;
            boolean upper = true;
            while (i < length && isWordChar(message.charAt(i)) && message.charAt(i) != ESCAPE) {
                upper &= isUpperAscii(message.charAt(i));
                i++;
            }
            if (upper) {
                LogLevel level = ofWord(message, start, i - start);
                if (level != null) {
                    return level;
                }
            }
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
