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

    /**
     * Up to {@code limit} lines of the run with {@code seq > afterSeq}, in seq order.
     *
     * @throws IllegalArgumentException when {@code afterSeq} or {@code limit} is negative
     */
    List<LogEntry> read(RunId run, long afterSeq, int limit);

    /**
     * Up to {@code limit} lines of the run with {@code seq < beforeSeq}: the last ones before it, in seq order.
     * Reads a page backward, for scrolling up or for the lines leading to a given one.
     *
     * @throws IllegalArgumentException when {@code beforeSeq} or {@code limit} is negative
     */
    List<LogEntry> readBefore(RunId run, long beforeSeq, int limit);

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

    /**
     * The highest stored seq of the run: the number of lines it printed, as seqs count every line even where an
     * output cap dropped some ({@link #replaceWithMarker}); 0 when it has none.
     */
    long lastSeq(RunId run);

    /**
     * Replaces the run's stored lines from seq {@code fromSeq} to {@code marker.seq()}, both included, with
     * {@code marker}, in one step: a reader sees either the lines or the marker. Lines of that range already
     * gone (replaced by an earlier marker) are no matter; lines outside it are kept as they are, and lines appended
     * later must still come after every stored seq. Used by an output cap to drop the middle of a huge log, so
     * that a reader asking for lines after any seq of the dropped range gets the marker next.
     *
     * @throws IllegalStateException when the run is not recorded, or {@code fromSeq} is above the marker's seq
     */
    void replaceWithMarker(RunId run, long fromSeq, LogEntry marker);

    /**
     * The check of the arguments of {@link #read} and {@link #readBefore}, for every store to make alike.
     *
     * @param seqName the seq argument's name, for the message
     * @throws IllegalArgumentException when {@code seq} or {@code limit} is negative
     */
    static void checkReadBounds(String seqName, long seq, int limit) {
        if (seq < 0 || limit < 0) {
            throw new IllegalArgumentException(seqName + " and limit must not be negative, were " + seq + " and "
                    + limit);
        }
    }
}
