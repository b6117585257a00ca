package org.prismq.runner.application.port.in;

import java.util.List;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.run.RunId;

/** Reads a run's stored output. Every method throws {@link RunnerException.RunNotFound} for an unknown run. */
public interface ReadLogsUseCase {

    LogSlice query(RunId run, LogQuery query);

    /**
     * A window around one line: up to {@code context} lines before {@code seq}, the line itself and up to
     * {@code context} lines after it, whatever their level or time. A {@code seq} past the run's last line is read
     * as the last line, so the window holds the nearest lines; a seq in a gap (where an output cap dropped lines)
     * gets the lines on both sides of the gap. {@link LogSlice#truncated()} says whether the run has lines outside
     * the window.
     */
    LogSlice around(RunId run, long seq, int context);

    /**
     * Up to {@code limit} lines with {@code seq < beforeSeq}, the last ones before it, in seq order: a page
     * backward. {@link LogSlice#truncated()} says whether earlier lines remain.
     */
    LogSlice before(RunId run, long beforeSeq, int limit);

    /** Up to {@code limit} lines with {@code seq > afterSeq}, in order: a page for streaming a whole log. */
    List<LogEntry> page(RunId run, long afterSeq, int limit);

    /**
     * One page of the lines matching {@code search}, over every line stored so far: for a live run, the lines
     * stored when the scan passes them (lines still on their way to storage are not searched yet).
     *
     * @throws RunnerException.SearchTooSlow when the search's regular expression runs away on a line
     */
    SearchPage search(RunId run, LogSearch search);

    /** How many lines the run has stored so far. */
    long lineCount(RunId run);
}
