package org.prismq.runner.application.output;

import java.util.List;

import org.prismq.runner.domain.log.LogEntry;

/**
 * The most recent lines of one run, consecutive by seq, in a growable ring. Bounded by {@link #trim}: the
 * owner calls it after every batch. Not thread-safe: guarded by its {@link LiveOutput}.
 */
final class RecentLines {

    /** A rough heap cost of one entry beyond its text: the record, its Instant, the ring slot. */
    private static final int ENTRY_OVERHEAD_BYTES = 96;

    private LogEntry[] ring = new LogEntry[64];
    /**
     * The cost of each line, in the slot of its line: {@link #trim} reads these and the seqs it reckons, not the
     * lines it drops, which have long left the processor's caches.
     */
    private int[] costs = new int[64];
    private int head;
    private int size;
    private long bytes;
    /** The seq of the line at {@code head}, when any is held. */
    private long headSeq;

    /** The seq of the oldest line held, or {@code -1} when empty. */
    long firstSeq() {
        return size == 0 ? -1 : headSeq;
    }

    int size() {
        return size;
    }

    long bytes() {
        return bytes;
    }

    /** Appends a line; its seq must follow the last one held. */
    void add(LogEntry entry) {
        if (size == ring.length) {
            grow();
        }
        if (size == 0) {
            headSeq = entry.seq();
        }
        int slot = (head + size) & (ring.length - 1);
        int cost = cost(entry);
        ring[slot] = entry;
        costs[slot] = cost;
        size++;
        bytes += cost;
    }

    /**
     * Drops the oldest lines while more than {@code maxLines} or {@code maxBytes} are held, but never a line
     * newer than {@code persistedSeq}: a line leaves memory only once storage can serve it.
     */
    void trim(int maxLines, long maxBytes, long persistedSeq) {
        while (size > 0 && (size > maxLines || bytes > maxBytes) && headSeq <= persistedSeq) {
            bytes -= costs[head];
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            headSeq++;
            size--;
        }
        if (size == 0) {
            head = 0;
        }
    }

    /** Up to {@code max} lines starting with seq {@code from}, which must be held; an immutable list. */
    List<LogEntry> from(long from, int max) {
        long first = firstSeq();
        int offset = (int) (from - first);
        if (size == 0 || offset < 0 || offset >= size) {
            throw new IllegalArgumentException("seq " + from + " is not held (holding " + first + " and "
                    + (size - 1) + " more)");
        }
        int count = Math.min(max, size - offset);
        int at = head + offset;
        int mask = ring.length - 1;
        // Immutable lists, which FollowEvent.Lines keeps as they are instead of copying: a follower that keeps up
        // takes a line or two at a time, for which List.of makes no array at all.
        return switch (count) {
            case 1 -> List.of(ring[at & mask]);
            case 2 -> List.of(ring[at & mask], ring[(at + 1) & mask]);
            default -> {
                LogEntry[] lines = new LogEntry[count];
                for (int i = 0; i < count; i++) {
                    lines[i] = ring[(at + i) & mask];
                }
                yield List.of(lines);
            }
        };
    }

    private void grow() {
        LogEntry[] bigger = new LogEntry[ring.length * 2];
        int[] biggerCosts = new int[ring.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) & (ring.length - 1)];
            biggerCosts[i] = costs[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        costs = biggerCosts;
        head = 0;
    }

    /** Counted the same way when a line comes and when it goes; no line is near 1 GiB, but none can overflow. */
    private static int cost(LogEntry entry) {
        return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD_BYTES + 2L * entry.message().length());
    }

    /** The estimated heap cost of {@code entries}, as counted against the byte budget. */
    static long cost(List<LogEntry> entries) {
        long bytes = 0;
        for (LogEntry entry : entries) {
            bytes += cost(entry);
        }
        return bytes;
    }
}
