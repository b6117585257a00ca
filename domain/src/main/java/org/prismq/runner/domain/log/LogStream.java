package org.prismq.runner.domain.log;

import org.prismq.runner.domain.WireNames;

/** The output stream a line was printed on. */
public enum LogStream {
    STDOUT,
    STDERR;

    /** Made once: a download asks for it for every line. */
    private final String wireName = WireNames.of(this);

    /** {@code "stdout"} or {@code "stderr"}, as on the wire. */
    public String wireName() {
        return wireName;
    }

    public static LogStream fromWireName(String value) {
        return WireNames.parse(LogStream.class, value, "stream");
    }
}
