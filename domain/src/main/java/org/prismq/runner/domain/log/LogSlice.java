package org.prismq.runner.domain.log;

import java.util.List;
import java.util.Objects;


/**
 * Lines selected by a {@link LogQuery}.
 *
 * @param truncated whether more lines matched the query than {@code entries} holds
 */
public record LogSlice(List<LogEntry> entries, boolean truncated) {

    public LogSlice {
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    }
}
