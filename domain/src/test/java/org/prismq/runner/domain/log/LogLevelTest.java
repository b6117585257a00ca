package org.prismq.runner.domain.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

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
