package org.prismq.runner.application.output;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;

/**
 * Keeps the stored output of one run within a budget of bytes (UTF-8 text plus a line end per line) while
 * keeping its useful parts: the first half of the budget (the head) and, as a rolling window, the last half (the
 * tail). Every line is stored as it comes; once the tail outgrows its half, its oldest lines are deleted from
 * storage in blocks, and the middle, from the end of the head to the last deleted line, is stored as one marker
 * entry saying how many lines and bytes were dropped. The marker takes the seq of the last dropped line, so seqs
 * stay truthful (the gap is visible), the last seq is still the number of lines printed, and a reader asking for
 * the lines after any seq of the dropped range gets the marker next. As the dropped range grows, the marker is
 * replaced by one with the new counts.
 *
 * <p>Only a little bookkeeping per block of the tail is held in memory, never its lines. The module is not slowed
 * down by the cap beyond the deletes on the store thread. A failed delete is logged and retried, wider, with the
 * next block; the lines of the run are never lost from the head or the tail.
 *
 * <p>Not thread-safe: used by the run's store thread only, after each stored batch ({@link #stored}).
 */
public final class OutputCap {

    /** No cap: every line stays. */
    public static final OutputCap NONE = new OutputCap();

    private static final System.Logger LOG = System.getLogger(OutputCap.class.getName());
    private static final long MB = 1024L * 1024;
    /** Tail blocks per tail budget: lines leave storage about this many at a time. */
    private static final int BLOCKS_PER_TAIL = 32;

    private final RunId run;
    private final LogStore store;
    private final long headBudget;
    private final long tailBudget;
    private final long blockBytes;
    private final Deque<Block> tail = new ArrayDeque<>();

    private boolean headOpen = true;
    private long headBytes;
    private long lastHeadSeq;
    private long tailBytes;
    private long droppedLines;
    private long droppedBytes;

    private OutputCap() {
        this.run = null;
        this.store = null;
        this.headBudget = 0;
        this.tailBudget = 0;
        this.blockBytes = 0;
    }

    private OutputCap(RunId run, LogStore store, long maxBytes) {
        this.run = run;
        this.store = store;
        this.headBudget = maxBytes / 2;
        this.tailBudget = maxBytes - headBudget;
        this.blockBytes = Math.max(1, tailBudget / BLOCKS_PER_TAIL);
    }

    /**
     * The cap of {@code run}'s stored output at {@code maxMb} MB (MiB), or {@link #NONE} when {@code maxMb} is
     * {@code null}.
     *
     * @throws IllegalArgumentException when {@code maxMb} is not a positive number
     */
    public static OutputCap of(RunId run, LogStore store, Double maxMb) {
        if (maxMb == null) {
            return NONE;
        }
        if (!(maxMb > 0 && Double.isFinite(maxMb))) {
            throw new IllegalArgumentException("an output cap must be a positive number of MB, was " + maxMb);
        }
        return new OutputCap(run, store, Math.max(2, (long) (maxMb * MB)));
    }

    /**
     * Accounts for a batch of the run's lines, just stored in seq order; drops lines the tail no longer needs.
     *
     * @param utf8 each line's message in UTF-8, as stored, in the order of {@code batch}: a line counts its bytes and
     *             its line feed
     */
    void stored(List<LogEntry> batch, List<byte[]> utf8) {
        if (store == null) {
            return;
        }
        for (int i = 0, count = batch.size(); i < count; i++) {
            LogEntry entry = batch.get(i);
            long bytes = utf8.get(i).length + 1L;
            if (headOpen && headBytes + bytes <= headBudget) {
                headBytes += bytes;
                lastHeadSeq = entry.seq();
                continue;
            }
            headOpen = false;
            addToTail(entry, bytes);
        }
        dropOldTail();
    }

    private void addToTail(LogEntry entry, long bytes) {
        Block newest = tail.peekLast();
        if (newest == null || newest.bytes >= blockBytes) {
            newest = new Block();
            tail.addLast(newest);
        }
        newest.lines++;
        newest.bytes += bytes;
        newest.lastSeq = entry.seq();
        newest.lastTimestamp = entry.timestamp();
        tailBytes += bytes;
    }

    /** Drops the oldest blocks while the rest of the tail still fills its budget; the newest block always stays. */
    private void dropOldTail() {
        Block last = null;
        while (tail.size() > 1 && tailBytes - tail.peekFirst().bytes >= tailBudget) {
            last = tail.pollFirst();
            tailBytes -= last.bytes;
            droppedLines += last.lines;
            droppedBytes += last.bytes;
        }
        if (last == null) {
            return;
        }
        LogEntry marker = new LogEntry(last.lastSeq, last.lastTimestamp, LogLevel.WARNING, LogStream.STDERR,
                markerText(droppedLines, droppedBytes));
        try {
            store.replaceWithMarker(run, lastHeadSeq + 1, marker);
        } catch (RuntimeException failure) {
            LOG.log(System.Logger.Level.WARNING, "dropping lines " + (lastHeadSeq + 1) + " to " + last.lastSeq
                    + " of " + run + " from storage failed; trying again with the next block: " + failure);
        }
    }

    /** How many blocks of the tail are accounted for in memory. */
    int tailBlocks() {
        return tail.size();
    }

    /** The message of the marker entry, e.g. {@code [output cap: 1,234,567 lines (456.2 MB) dropped here]}. */
    static String markerText(long lines, long bytes) {
        String size = bytes < MB ? String.format(Locale.ROOT, "%,d bytes", bytes)
                : String.format(Locale.ROOT, "%,.1f MB", bytes / (double) MB);
        return String.format(Locale.ROOT, "[output cap: %,d %s (%s) dropped here]", lines,
                lines == 1 ? "line" : "lines", size);
    }

    /** Consecutive lines of the tail, stored: how many, their size, and the last one's seq and time. */
    private static final class Block {
        long lines;
        long bytes;
        long lastSeq;
        Instant lastTimestamp;
    }
}
