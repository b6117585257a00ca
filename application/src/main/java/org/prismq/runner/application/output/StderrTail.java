package org.prismq.runner.application.output;

import java.util.ArrayDeque;
import java.util.Deque;

/** The last few stderr lines of a run, for the error message of a failed run. Bounded; thread-safe. */
final class StderrTail {

    private static final int MAX_LINES = 5;
    private static final int MAX_LINE_CHARS = 300;

    private final Deque<String> lines = new ArrayDeque<>(MAX_LINES);

    synchronized void add(String line) {
        if (line.isBlank()) {
            return;
        }
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
    }

    /** {@code summary}, followed by the last stderr lines when there are any. */
    synchronized String quotedAfter(String summary) {
        return lines.isEmpty() ? summary : summary + "; last stderr lines:\n" + String.join("\n", lines);
    }
}
