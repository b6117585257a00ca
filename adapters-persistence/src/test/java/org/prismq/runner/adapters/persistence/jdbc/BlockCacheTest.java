package org.prismq.runner.adapters.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;

class BlockCacheTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void aBlockIsFetchedOnceForEveryReadThatNeedsIt() throws SQLException {
        BlockCache cache = new BlockCache(1000);
        BlockCache.Key key = key(1, 1, 100, 300);

        List<LogEntry> first = cache.lines(key, () -> load(1, 100));
        List<LogEntry> second = cache.lines(key, () -> load(1, 100));

        assertSame(first, second);
        assertEquals(1, loads.get());
    }

    @Test
    void blocksOfOneLineAreNeverKept() throws SQLException {
        BlockCache cache = new BlockCache(1000);
        BlockCache.Key marker = key(1, 7, 7, 30);

        cache.lines(marker, () -> load(7, 7));
        cache.lines(marker, () -> load(7, 7));

        assertEquals(2, loads.get());
        assertEquals(0, cache.size());
    }

    @Test
    void keepsAtMostItsBytesDroppingTheLeastRecentlyUsed() throws SQLException {
        BlockCache cache = new BlockCache(1000);
        BlockCache.Key a = key(1, 1, 10, 400);
        BlockCache.Key b = key(1, 11, 20, 400);
        BlockCache.Key c = key(1, 21, 30, 400);
        cache.lines(a, () -> load(1, 10));
        cache.lines(b, () -> load(11, 20));
        cache.lines(a, () -> load(1, 10));

        cache.lines(c, () -> load(21, 30));

        assertEquals(2, cache.size());
        assertEquals(3, loads.get());
        cache.lines(a, () -> load(1, 10));
        assertEquals(3, loads.get(), "the block used last stays");
        cache.lines(b, () -> load(11, 20));
        assertEquals(4, loads.get(), "the block used least recently went");
    }

    @Test
    void aBlockLargerThanTheCacheIsReadButNotKept() throws SQLException {
        BlockCache cache = new BlockCache(1000);

        cache.lines(key(1, 1, 10, 1001), () -> load(1, 10));

        assertEquals(0, cache.size());
    }

    @Test
    void differentRowsOfTheSameSeqsAreDifferentBlocks() throws SQLException {
        BlockCache cache = new BlockCache(10_000);
        cache.lines(key(1, 1, 10, 100), () -> load(1, 10));

        cache.lines(key(1, 1, 10, 101), () -> load(1, 10));
        cache.lines(key(2, 1, 10, 100), () -> load(1, 10));

        assertEquals(3, loads.get());
    }

    @Test
    void aBlockThatIsGoneIsNotKept() throws SQLException {
        BlockCache cache = new BlockCache(1000);
        BlockCache.Key key = key(1, 1, 10, 100);

        assertNull(cache.lines(key, () -> null));

        assertEquals(0, cache.size());
        assertEquals(10, cache.lines(key, () -> load(1, 10)).size());
    }

    @Test
    void aFailedFetchIsReportedAndTheNextReadFetchesAgain() throws SQLException {
        BlockCache cache = new BlockCache(1000);
        BlockCache.Key key = key(1, 1, 10, 100);

        SQLException failed = assertThrows(SQLException.class, () -> cache.lines(key, () -> {
            throw new SQLException("disk I/O error");
        }));

        assertEquals("disk I/O error", failed.getMessage());
        assertEquals(0, cache.size());
        assertEquals(10, cache.lines(key, () -> load(1, 10)).size());
    }

    @Test
    void readsThatMissTheSameBlockTogetherWaitForOneFetch() throws Exception {
        BlockCache cache = new BlockCache(1000);
        BlockCache.Key key = key(1, 1, 10, 100);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<LogEntry>> first = heldFetch(cache, key, release, () -> load(1, 10));
        CompletableFuture<List<LogEntry>> second = waitingRead(cache, key);

        release.countDown();

        assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
        assertEquals(1, loads.get());
    }

    @Test
    void aReadWaitingForAFetchThatFailedFetchesForItself() throws Exception {
        BlockCache cache = new BlockCache(1000);
        BlockCache.Key key = key(1, 1, 10, 100);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<LogEntry>> failing = heldFetch(cache, key, release, () -> {
            throw new SQLException("database is locked");
        });
        CompletableFuture<List<LogEntry>> waiting = waitingRead(cache, key);

        release.countDown();

        assertEquals(10, waiting.get(10, TimeUnit.SECONDS).size());
        assertEquals(1, loads.get());
        assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
    }

    /** A read of {@code key} whose fetch has begun and holds until {@code release}, then gives {@code outcome}. */
    private static CompletableFuture<List<LogEntry>> heldFetch(BlockCache cache, BlockCache.Key key,
            CountDownLatch release, BlockCache.Loader outcome) throws InterruptedException {
        CountDownLatch fetching = new CountDownLatch(1);
        CompletableFuture<List<LogEntry>> result = read(cache, key, () -> {
            fetching.countDown();
            awaitIn(release);
            return outcome.load();
        });
        assertTrue(fetching.await(10, TimeUnit.SECONDS), "the fetch did not begin");
        return result;
    }

    /** A read of {@code key} that has found the fetch under way and waits for it. */
    private CompletableFuture<List<LogEntry>> waitingRead(BlockCache cache, BlockCache.Key key) {
        AtomicReference<Thread> thread = new AtomicReference<>();
        CompletableFuture<List<LogEntry>> result = read(cache, key, () -> load(1, 10), thread);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.get() == null || thread.get().getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the read did not wait for the fetch under way");
            Thread.yield();
        }
        return result;
    }

    private static CompletableFuture<List<LogEntry>> read(BlockCache cache, BlockCache.Key key,
            BlockCache.Loader loader) {
        return read(cache, key, loader, new AtomicReference<>());
    }

    /** Reads {@code key} on a virtual thread of its own, which it puts in {@code thread}. */
    private static CompletableFuture<List<LogEntry>> read(BlockCache cache, BlockCache.Key key,
            BlockCache.Loader loader, AtomicReference<Thread> thread) {
        CompletableFuture<List<LogEntry>> result = new CompletableFuture<>();
        thread.set(Thread.ofVirtual().start(() -> {
            try {
                result.complete(cache.lines(key, loader));
            } catch (SQLException | RuntimeException failed) {
                result.completeExceptionally(failed);
            }
        }));
        return result;
    }

    /** Waits for {@code latch} inside a fetch, which may throw only {@link SQLException}. */
    private static void awaitIn(CountDownLatch latch) throws SQLException {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new SQLException("the test did not release the fetch");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SQLException(interrupted);
        }
    }

    private List<LogEntry> load(long from, long to) {
        loads.incrementAndGet();
        return LongStream.rangeClosed(from, to)
                .mapToObj(seq -> LogEntry.classified(seq, T0.plusMillis(seq), LogStream.STDOUT, "line " + seq))
                .toList();
    }

    private static BlockCache.Key key(long runKey, long firstSeq, long lastSeq, long bytes) {
        return new BlockCache.Key(runKey, firstSeq, lastSeq, bytes, 0, 0, 2);
    }
}
