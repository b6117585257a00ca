package org.prismq.runner.application.port.in;

import java.util.List;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.run.RunId;

/** Reads a run's stored output. Every method throws {@link RunnerException.RunNotFound} for an unknown run. */
public interface ReadLogsUseCase {

    LogSlice query(RunId run, LogQuery query);

    /** Up to {@code limit} lines with {@code seq > afterSeq}, in order: a page for streaming a whole log. */
    List<LogEntry> page(RunId run, long afterSeq, int limit);

    /** How many lines the run has stored so far. */
    long lineCount(RunId run);
}
