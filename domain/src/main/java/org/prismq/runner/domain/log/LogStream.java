package org.prismq.runner.domain.log;

import java.util.Locale;

/** The output stream a line was printed on. */
public enum LogStream {
    STDOUT,
    STDERR;

    /** {@code "stdout"} or {@code "stderr"}, as on the wire. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LogStream fromWireName(String value) {
        for (LogStream stream : values()) {
            if (stream.wireName().equals(value)) {
                return stream;
            }
        }
        throw new IllegalArgumentException("unknown stream '" + value + "' (expected stdout or stderr)");
    }
}
