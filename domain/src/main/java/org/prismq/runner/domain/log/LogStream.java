package org.prismq.runner.domain.log;

import org.prismq.runner.domain.WireNames;

/** The output stream a line was printed on. */
public enum LogStream {
    STDOUT,
    STDERR;

    /** {@code "stdout"} or {@code "stderr"}, as on the wire. */
    public String wireName() {
        return WireNames.of(this);
    }

    public static LogStream fromWireName(String value) {
        return WireNames.parse(LogStream.class, value, "stream");
    }
}
