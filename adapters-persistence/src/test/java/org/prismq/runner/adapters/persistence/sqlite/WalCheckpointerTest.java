package org.prismq.runner.adapters.persistence.sqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalCheckpointerTest {

    private static final int THRESHOLD_PAGES = 100;
    private static final int COMMITS = 400;
    private static final int COMMIT_BYTES = 100 * 1024;
    /** Hand-overs of the commit lock: a lock that lets a thread take it before those waiting does so in some. */
    private static final int HANDOVERS = 100;

    @TempDir
    Path temp;

    /**
     * A module flooding its output commits without a pause: passive checkpoints never caught up with the log, so
     * SQLite never wrote it from its start again, and its file grew by every byte written. Restarting the log once
     * it holds twice the threshold, holding commits back meanwhile, keeps it at a few times that.
     */
    @Test
    void theLogStaysSmallWhileCommitsFollowEachOtherWithoutAPause() throws Exception {
        Path file = temp.resolve("flood.db");
        Path wal = temp.resolve("flood.db-wal");
        String url = "jdbc:sqlite:" + file;
        try (Connection writer = DriverManager.getConnection(url)) {
            try (Statement statement = writer.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("PRAGMA wal_autocheckpoint = 0");
                statement.execute("CREATE TABLE blocks (data BLOB NOT NULL)");
            }
            Connection checkpoints = DriverManager.getConnection(url);
            try (Statement statement = checkpoints.createStatement()) {
                statement.execute("PRAGMA busy_timeout = 100");
            }
            Lock commits = WalCheckpointer.newCommitLock();
            AtomicInteger syncs = new AtomicInteger();
            long largestLog = 0;
            try (WalCheckpointer checkpointer = new WalCheckpointer(checkpoints, file, THRESHOLD_PAGES, commits,
                    syncs::incrementAndGet);
                    PreparedStatement insert = writer.prepareStatement("INSERT INTO blocks (data) VALUES (?)")) {
                byte[] block = new byte[COMMIT_BYTES];
                for (int commit = 0; commit < COMMITS; commit++) {
                    commits.lock();
                    try {
                        insert.setBytes(1, block);
                        insert.executeUpdate();
                    } finally {
                        commits.unlock();
                    }
                    checkpointer.written();
                    largestLog = Math.max(largestLog, sizeOf(wal));
                }
            }
            long written = (long) COMMITS * COMMIT_BYTES;
            assertTrue(largestLog < written / 2, "the log's file reached " + largestLog + " bytes while "
                    + written + " were written");
            assertTrue(syncs.get() > 0, "what the database keeps beside its file is synced before its checkpoints");
        }
    }

    /**
     * The restart waits for the lock that commits take; a writer that lets it go and takes it again at once must
     * find the restart first. With a lock that lets a thread take it before those waiting, the writer of a flood
     * kept it for up to 90 ms of commits, and the log's file grew by all of them (25 MB in the test above, once).
     */
    @Test
    void aRestartWaitingForTheCommitLockGetsItBeforeAWriterThatComesBackForIt() throws Exception {
        ReentrantLock commits = WalCheckpointer.newCommitLock();
        for (int round = 0; round < HANDOVERS; round++) {
            AtomicBoolean restarted = new AtomicBoolean();
            commits.lock();
            Thread restart = Thread.ofPlatform().start(() -> {
                commits.lock();
                try {
                    restarted.set(true);
                } finally {
                    commits.unlock();
                }
            });
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!commits.hasQueuedThread(restart) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertTrue(commits.hasQueuedThread(restart), "the restart waits for the lock");
            } finally {
                commits.unlock();
            }
            commits.lock();
            try {
                assertTrue(restarted.get(), "round " + round + ": the writer came back for the lock before the"
                        + " waiting restart had it");
            } finally {
                commits.unlock();
                restart.join();
            }
        }
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }
}
