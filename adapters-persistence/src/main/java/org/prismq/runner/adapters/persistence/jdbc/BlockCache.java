package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.domain.log.LogEntry;

/**
 * The decoded lines of the blocks read last, shared by every read of one store. A follower that has fallen behind
 * reads a block of up to {@value LogBlock#MAX_LINES} lines a page at a time, and browsers that reconnect together
 * read the same blocks: each block is then fetched and decoded once, and every reader is handed the same entries
 * (which also lets the HTTP adapter encode each line once for all of them). Bounded by the stored size of the
 * blocks kept, least recently used out first.
 *
 * <p>A block is known by its row's run, seq range, stored size, time range and levels, read without its lines.
 * Stored lines never change; an output cap deletes blocks and stores the lines it keeps again in blocks of other
 * seq ranges, and its marker, the one line whose text is new, in a block of that line alone. Blocks of one line
 * are therefore never kept, and a key found here always names the lines its row holds, on this node or another.
 *
 * <p>Thread-safe. A block missed by several reads at once is fetched by the first; the others wait for it.
 */
final class BlockCache {

    /** The stored bytes of the blocks kept by a store: 16 full blocks, about 10 MB of heap as entries. */
    static final long MAX_BYTES = 16L * LogBlock.MAX_BYTES;

    /** A block as its row describes it without its lines. */
    record Key(long runKey, long firstSeq, long lastSeq, long bytes, long minMicros, long maxMicros, int levels) {
    }

    /** Fetches and decodes a block's lines; {@code null} when its row is no longer the one the key names. */
    @FunctionalInterface
    interface Loader {
        List<LogEntry> load() throws SQLException;
    }

    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** In order of use, least recent first; a value is done once its block is loaded. */
    private final LinkedHashMap<Key, CompletableFuture<List<LogEntry>>> blocks = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    BlockCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The lines of the block {@code key}, unmodifiable: kept ones, or those {@code loader} gives, which are kept
     * unless the block is of one line, larger than the whole cache, or gone ({@code null}).
     */
    List<LogEntry> lines(Key key, Loader loader) throws SQLException {
        if (key.firstSeq() == key.lastSeq() || key.bytes() > maxBytes) {
            return loader.load();
        }
        CompletableFuture<List<LogEntry>> mine = new CompletableFuture<>();
        CompletableFuture<List<LogEntry>> known;
        lock.lock();
        try {
            known = blocks.get(key);
            if (known == null) {
                blocks.put(key, mine);
                bytes += key.bytes();
                evictBeyond(key);
            }
        } finally {
            lock.unlock();
        }
        if (known != null) {
            try {
                List<LogEntry> lines = known.join();
                if (lines != null) {
                    return lines;
                }
            } catch (CompletionException failedThere) {
                // The read that fetched it failed, and has reported it; this one tries for itself.
            }
            return loader.load();
        }
        List<LogEntry> lines;
        try {
            lines = loader.load();
        } catch (SQLException | RuntimeException | Error failed) {
            forget(key, mine);
            mine.completeExceptionally(failed);
            throw failed;
        }
        if (lines == null) {
            forget(key, mine);
        }
        mine.complete(lines);
        return lines;
    }

    /** The number of blocks kept (or being fetched). */
    int size() {
        lock.lock();
        try {
            return blocks.size();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the least recently used blocks until the rest fit, never {@code keep}. Holds the lock. */
    private void evictBeyond(Key keep) {
        Iterator<Map.Entry<Key, CompletableFuture<List<LogEntry>>>> oldest = blocks.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<Key, CompletableFuture<List<LogEntry>>> entry = oldest.next();
            if (!entry.getKey().equals(keep)) {
                bytes -= entry.getKey().bytes();
                oldest.remove();
            }
        }
    }

    private void forget(Key key, CompletableFuture<List<LogEntry>> mine) {
        lock.lock();
        try {
            if (blocks.remove(key, mine)) {
                bytes -= key.bytes();
            }
        } finally {
            lock.unlock();
        }
    }
}
