package org.prismq.runner.adapters.http;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunId;

/**
 * The SSE bytes of recent lines ({@code id: <seq>} and {@code data: <LogEntry JSON>}), so that a line followed by
 * many readers is encoded once, not once per reader: live followers of a run are handed the same
 * {@link LogEntry} objects, and a slot holds a line for the entry of that identity only. A fixed number of slots,
 * each holding the last line put in it; a miss only costs an encoding. A line's slot is its seq plus an offset of
 * its run, so that the lines of a run in any window of as many lines as there are slots never share a slot: the
 * readers of a run spread over a few seconds of its output do not evict each other's lines. (Slots found by
 * identity hash did: with a thousand lines in flight among 4,096 slots, about one line in five shared its slot
 * with another, and readers behind and ahead encoded the two again and again in turn.)
 * Thread-safe without locks: a slot is one immutable object, replaced whole.
 */
final class SseLineCache {

    private final Slot[] slots;

    /** @param size the number of slots, a power of two */
    SseLineCache(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size must be a power of two, was " + size);
        }
        this.slots = new Slot[size];
    }

    /** Where the lines of {@code run} go in the slots: far apart for different runs, so busy runs seldom share. */
    static int offset(RunId run) {
        // Fibonacci hashing: spreads similar hash codes over the whole range.
        return run.hashCode() * 0x9E3779B9;
    }

    /**
     * The event of {@code entry}, without an {@code event:} field, ending with the blank line.
     *
     * @param offset  the {@link #offset} of the entry's run
     * @param encoder encodes the entry when no slot holds it (the caller's own: encoders are not thread-safe)
     */
    byte[] event(LogEntry entry, int offset, SseLineEncoder encoder) {
        int index = (int) (entry.seq() + offset) & (slots.length - 1);
        Slot slot = slots[index];
        if (slot != null && slot.entry() == entry) {
            return slot.bytes();
        }
        byte[] bytes = encoder.event(entry);
        slots[index] = new Slot(entry, bytes);
        return bytes;
    }

    private record Slot(LogEntry entry, byte[] bytes) {
    }
}
