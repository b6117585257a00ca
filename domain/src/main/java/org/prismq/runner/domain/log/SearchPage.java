package org.prismq.runner.domain.log;

import java.util.List;
import java.util.Objects;

/**
 * One page of a {@link LogSearch}.
 *
 * @param matches  the matching lines, in seq order
 * @param nextFrom the {@code from} of the next page in the same direction, or {@code null} when the search
 *                 reached the end (or, backward, the start) of the stored log
 * @param total    how many lines match in the whole log, known only when this page holds every one of them;
 *                 else {@code null}
 */
public record SearchPage(List<LogEntry> matches, Long nextFrom, Long total) {

    public SearchPage {
        matches = List.copyOf(Objects.requireNonNull(matches, "matches"));
    }
}
