package org.prismq.runner.domain.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogLevelTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-11-25 10:00:00 INFO starting                | STDOUT | INFO",
        "[DEBUG] cache hit                                | STDOUT | DEBUG",
        "TRACE entering                                   | STDOUT | DEBUG",
        "WARNING: disk almost full                        | STDOUT | WARNING",
        "WARN retrying                                    | STDERR | WARNING",
        "ERROR something broke                            | STDOUT | ERROR",
        "Unhandled EXCEPTION in worker                    | STDOUT | ERROR",
        "CRITICAL power lost                              | STDOUT | CRITICAL",
        "FATAL: giving up                                 | STDOUT | CRITICAL",
        "plain line                                       | STDOUT | INFO",
        "plain line                                       | STDERR | ERROR",
        "an info word in lower case                       | STDERR | ERROR",
        "INFORMATION is not a level word                  | STDOUT | INFO",
        "ERRORS is not one either                         | STDERR | ERROR",
        "MY_ERROR is part of a word                       | STDOUT | INFO",
        "INFO first, then ERROR                           | STDOUT | INFO",
        "progress ERROR2 is no level                      | STDOUT | INFO",
        "level=WARNING (key=value style)                  | STDOUT | WARNING",
        "'\u001b[31mERROR\u001b[0m coloured'             | STDOUT | ERROR",
        "'\u001b[1mWARN\u001b[0m'                         | STDERR | WARNING",
        "éERROR and ERRORé are words of their own         | STDOUT | INFO",
        "ΔDEBUG then ÜBER FATAL                           | STDOUT | CRITICAL",
        "WARM TRACK ERRORS CRITICALS EXCEPTIONS INF WARNINGS | STDOUT | INFO",
        "__INFO_ and INFO9 are not, 9 INFO is             | STDERR | INFO",
        "ERROR                                            | STDOUT | ERROR",
        "'tab\tEXCEPTION\tend'                           | STDOUT | ERROR",
        "lower trace, Fatal, Error                        | STDERR | ERROR",
    })
    void theFirstLevelWordDecidesElseTheStream(String message, LogStream stream, LogLevel expected) {
        assertEquals(expected, LogLevel.classify(message.strip(), stream));
        assertEquals(expected, LogLevel.classify(message.strip(), utf8(message.strip()), stream));
    }

    @Test
    void randomLinesGetTheLevelOfTheRuleAsFirstWrittenFromTheirTextAndFromTheirBytes() {
        Random random = new Random(20);
        String[] pieces = {"INFO", "WARN", "WARNING", "ERROR", "DEBUG", "TRACE", "FATAL", "CRITICAL", "EXCEPTION",
            "INF", "ERRORS", "Info", "error", " ", " ", "_", "9", "x", "é", "É", "Δ", "\u001b[31m", "\u001b", "[",
            ":", "=", "\t", "中", "\uD83D\uDE00", "2026-01-31", "ÜBER"};
        for (int i = 0; i < 200_000; i++) {
            StringBuilder line = new StringBuilder();
            for (int k = random.nextInt(8); k >= 0; k--) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            String message = line.toString();
            LogStream stream = random.nextBoolean() ? LogStream.STDOUT : LogStream.STDERR;

            LogLevel expected = asFirstWritten(message, stream);
            assertEquals(expected, LogLevel.classify(message, stream), message);
            assertEquals(expected, LogLevel.classify(message, utf8(message), stream), message);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The rule as first written, with a substring per candidate word and the JDK's letters and digits. */
    private static LogLevel asFirstWritten(String message, LogStream stream) {
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            if (c == '\u001b') {
                i++;
                if (i < message.length() && message.charAt(i) == '[') {
                    i++;
                    while (i < message.length() && (message.charAt(i) < 0x40 || message.charAt(i) > 0x7E)) {
                        i++;
                    }
                }
                i++;
                continue;
            }
            if (!Character.isLetterOrDigit(c) && c != '_') {
                i++;
                continue;
            }
            int start = i;
            boolean upper = true;
            while (i < message.length() && (Character.isLetterOrDigit(message.charAt(i)) || message.charAt(i) == '_')) {
                upper &= message.charAt(i) >= 'A' && message.charAt(i) <= 'Z';
                i++;
            }
            if (upper) {
                LogLevel level = switch (message.substring(start, i)) {
                    case "DEBUG", "TRACE" -> LogLevel.DEBUG;
                    case "INFO" -> LogLevel.INFO;
                    case "WARNING", "WARN" -> LogLevel.WARNING;
                    case "ERROR", "EXCEPTION" -> LogLevel.ERROR;
                    case "CRITICAL", "FATAL" -> LogLevel.CRITICAL;
                    default -> null;
                };
                if (level != null) {
                    return level;
                }
            }
        }
        return stream == LogStream.STDERR ? LogLevel.ERROR : LogLevel.INFO;
    }

    @Test
    void levelNamesParseCaseInsensitivelyWithAliases() {
        assertEquals(LogLevel.WARNING, LogLevel.parse("warn"));
        assertEquals(LogLevel.CRITICAL, LogLevel.parse("Critical"));
        assertThrows(IllegalArgumentException.class, () -> LogLevel.parse("LOUD"));
    }

    @Test
    void severityIsOrdered() {
        assertTrue(LogLevel.ERROR.isAtLeast(LogLevel.WARNING));
        assertTrue(LogLevel.INFO.isAtLeast(LogLevel.INFO));
        assertTrue(!LogLevel.DEBUG.isAtLeast(LogLevel.INFO));
    }

    @Test
    void entriesStartAtSeqOne() {
        assertThrows(IllegalArgumentException.class,
                () -> LogEntry.classified(0, Instant.EPOCH, LogStream.STDOUT, "x"));
        assertEquals(LogLevel.ERROR, LogEntry.classified(1, Instant.EPOCH, LogStream.STDERR, "x").level());
    }
}
