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

    /**
     * {@link #append(RunId, List)}, with each line's message already in UTF-8 ({@code utf8.get(i)} is
     * {@code batch.get(i).message()} encoded), for a sink that stores bytes and need not encode the text again. The
     * arrays are the sink's to read, not to change or keep. By default the bytes are not used.
     */
    default void append(RunId run, List<LogEntry> batch, List<byte[]> utf8) {
        append(run, batch);
    }
}
