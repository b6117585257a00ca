package org.prismq.runner.application.port.out;

import java.util.List;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunId;

/**
 * Where captured lines go. Called on the capture hot path with whole batches, never per line.
 */
@FunctionalInterface
public interface LogSink {

    /**
     * Takes a batch of one run's lines. Batches of a run arrive one at a time, in seq order, with no gaps
     * between them; the lines are durable (or delivered) when the method returns. Lines of a run that is not
     * recorded, or a seq already taken, are an {@link IllegalStateException}, and none of the batch is kept.
     */
    void append(RunId run, List<LogEntry> batch);
}
