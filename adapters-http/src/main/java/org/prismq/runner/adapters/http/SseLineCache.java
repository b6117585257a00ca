package org.prismq.runner.adapters.http;

import java.nio.charset.StandardCharsets;

import org.prismq.runner.domain.log.LogEntry;

/**
 * The SSE bytes of recent lines ({@code id: <seq>} and {@code data: <LogEntry JSON>}), so that a line followed by
 * many readers is encoded once, not once per reader: live followers of a run are handed the same
 * {@link LogEntry} objects, and a slot is found by the entry's identity. A fixed number of slots, each holding the
 * last line that hashed to it; a miss only costs an encoding. Thread-safe without locks: a slot is one immutable
 * object, replaced whole.
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

    /** The event of {@code entry}, without an {@code event:} field, ending with the blank line. */
    byte[] event(LogEntry entry) {
        int index = System.identityHashCode(entry) & (slots.length - 1);
        Slot slot = slots[index];
        if (slot != null && slot.entry() == entry) {
            return slot.bytes();
        }
        byte[] bytes = encode(entry);
        slots[index] = new Slot(entry, bytes);
        return bytes;
    }

    private static byte[] encode(LogEntry entry) {
        String json = Json.text(LogsJson.LogEntryJson.from(entry));
        return new StringBuilder(json.length() + 32).append("id: ").append(entry.seq()).append('\n')
                .append("data: ").append(json).append("\n\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private record Slot(LogEntry entry, byte[] bytes) {
    }
}
