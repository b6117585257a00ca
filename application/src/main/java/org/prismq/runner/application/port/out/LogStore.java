package org.prismq.runner.application.port.out;

import java.util.List;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.run.RunId;

/**
 * Durable storage of every captured line, the source of truth for reading a run's output at any time, also
 * after a restart. Thread-safe: appends of different runs and reads may run concurrently. Timestamps are kept
 * to the microsecond: callers truncate.
 */
public interface LogStore extends LogSink {

    /** Up to {@code limit} lines of the run with {@code seq > afterSeq}, in seq order. */
    List<LogEntry> read(RunId run, long afterSeq, int limit);

    /** Lines chosen by {@code query}, in seq order, without loading the run's other lines. */
    LogSlice query(RunId run, LogQuery query);

    /**
     * One page of the lines matching {@code search}, found by walking the run's lines from {@code search.from()}
     * with a {@link SearchScan} (so every store matches alike); a run without lines,
     * or unknown, has an empty page with {@code nextFrom} {@code null}.
     *
     * @throws org.prismq.runner.domain.log.SearchTooSlowException when the expression runs away on a line
     */
    SearchPage search(RunId run, LogSearch search);

    /** The highest stored seq of the run: its line count, as seqs have no gaps; 0 when it has none. */
    long lastSeq(RunId run);
}
