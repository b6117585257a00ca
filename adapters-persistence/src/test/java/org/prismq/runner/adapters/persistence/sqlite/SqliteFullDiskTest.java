package org.prismq.runner.adapters.persistence.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.StorageFailedException;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * The database on a real file system that fills up: a small tmpfs mounted by the test. It needs Linux and the
 * right to mount (root), and is skipped, saying so, without them; {@link SqliteDiskFullTest} covers the same
 * behaviour everywhere with SQLite's own size limit.
 */
class SqliteFullDiskTest {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    private static final String SIZE = "3m";
    /** Less than a batch of 1,000 lines takes in its log file. */
    private static final long ROOM_LEFT = 16 * 1024;

    @TempDir
    Path temp;

    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountASmallFileSystem() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"),
                "needs Linux to mount a small tmpfs");
        mount = Files.createDirectories(temp.resolve("small-disk"));
        Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs",
                mount.toString()).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes()).strip();
        assumeTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
                "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): " + said);
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            Process process = new ProcessBuilder("umount", mount.toString()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                // Lazy: detached now, gone once nothing holds it.
                new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aFullDiskFailsWritesAsFullKeepsWhatWasStoredAndStoresAgainOnceSpaceIsFreed() throws IOException {
        Path data = mount.resolve("data");
        try (SqliteDatabase database = SqliteDatabase.open(data)) {
            JdbcRuns runs = new JdbcRuns(database);
            BlockLogStore logs = new BlockLogStore(database);
            Run run = Run.queued(new RunId("run_20250304_050607_alpha_00000001"), new ModuleId("alpha"), "Alpha",
                    Map.of(), T0);
            runs.add(run);
            logs.append(run.id(), lines(1, 1_000));
            Path ballast = fill(mount.resolve("ballast"));
            // Room for part of a batch, so that the write that fails first writes some of its bytes.
            try (FileChannel channel = FileChannel.open(ballast, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() - ROOM_LEFT);
            }

            long seq = 1_000;
            StorageFailedException full = null;
            long logBytesBefore = 0;
            while (full == null && seq < 10_000_000) {
                logBytesBefore = LogFolder.bytes(data);
                try {
                    logs.append(run.id(), lines(seq + 1, 1_000));
                    seq += 1_000;
                } catch (StorageFailedException failed) {
                    full = failed;
                }
            }

            assertTrue(full != null, "the disk never filled");
            assertEquals(StorageFailedException.Problem.FULL, full.problem(), full.toString());
            assertFalse(database.state().writable());
            assertEquals(seq, logs.lastSeq(run.id()), "every line stored before the failure, none of the failed batch");
            assertEquals(seq, logs.read(run.id(), 0, (int) seq).size());
            assertEquals(logBytesBefore, LogFolder.bytes(data),
                    "what the failed write put in the log file is cut off again");

            Files.delete(ballast);
            logs.append(run.id(), lines(seq + 1, 1_000));

            assertTrue(database.state().writable());
            assertEquals(seq + 1_000, logs.lastSeq(run.id()));
            List<LogEntry> all = logs.read(run.id(), 0, (int) seq + 1_000);
            assertEquals(seq + 1_000, all.size());
            assertEquals("line " + (seq + 1) + " " + "z".repeat(60), all.get((int) seq).message(),
                    "the lines stored after the failure are read back where their row says they are");
        }
    }

    /** Writes {@code file} until the file system has no room left; returns it. */
    private static Path fill(Path file) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException noSpace) {
            assertThrows(IOException.class, () -> Files.write(file.resolveSibling("more"), chunk));
            return file;
        }
    }

    private static List<LogEntry> lines(long first, int count) {
        List<LogEntry> lines = new ArrayList<>(count);
        for (long seq = first; seq < first + count; seq++) {
            lines.add(new LogEntry(seq, T0, LogLevel.INFO, LogStream.STDOUT, "line " + seq + " " + "z".repeat(60)));
        }
        return lines;
    }
}
