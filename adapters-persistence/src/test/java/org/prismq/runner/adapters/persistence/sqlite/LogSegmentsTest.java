package org.prismq.runner.adapters.persistence.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.BlockFiles;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcDatabase;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRunDeletion;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.adapters.persistence.jdbc.LogBlock;
import org.prismq.runner.adapters.persistence.jdbc.SqlDialect;
import org.prismq.runner.adapters.persistence.jdbc.SqlWork;
import org.prismq.runner.application.port.out.StorageFailedException;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/** The files of log lines beside a SQLite database, as the log store and the database's opening use them. */
class LogSegmentsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00.123456Z");
    private static final RunId RUN = new RunId("run_20261206_080000_alpha_00000001");
    /** Lines of about 110 bytes: 100,000 of them fill nearly three segments. */
    private static final int MANY = 100_000;

    @TempDir
    Path data;

    private SqliteDatabase database;
    private BlockLogStore logs;

    @BeforeEach
    void open() {
        reopen();
        new JdbcRuns(database).add(Run.queued(RUN, new ModuleId("alpha"), "Alpha", Map.of(), T0));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void reopen() {
        if (database != null) {
            database.close();
        }
        database = SqliteDatabase.open(data);
        logs = new BlockLogStore(database);
    }

    @Test
    void linesAreReadBackFromTheirFilesAndARunMovesToANewFileOnceOneIsFull() throws IOException {
        append(1, MANY);

        assertTrue(segmentFiles().size() >= 3, "segments: " + segmentFiles());
        assertEquals(lines(1, MANY), logs.read(RUN, 0, MANY));
        assertEquals(0, rowsWithLinesInTheRow(), "every appended block keeps its lines in a file");
        assertEquals(totalFileBytes(), database.segments().totalBytes());
        assertTrue(database.databaseSize().sizeBytes() > totalFileBytes(), "the size counts the files of lines");

        reopen();
        assertEquals(lines(1, MANY), logs.read(RUN, 0, MANY), "the same after a restart");
    }

    /** A long run must not hold a file open per segment it filled until the next checkpoint syncs them. */
    @Test
    void aRunKeepsOnlyTheSegmentItAppendsToOpen() throws IOException {
        Path ownFiles = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(ownFiles), "needs /proc to list the open files");

        append(1, MANY);

        assertTrue(segmentFiles().size() >= 3, "segments: " + segmentFiles());
        Path logFolder = data.resolve(LogSegments.DIRECTORY).toRealPath();
        long open = 0;
        try (Stream<Path> descriptors = Files.list(ownFiles)) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    if (Files.readSymbolicLink(descriptor).startsWith(logFolder)) {
                        open++;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor of the listing itself, or one closed since
                }
            }
        }
        assertEquals(1, open, "open files in " + logFolder);
    }

    /** More runs writing at once than segments stay open: each run still continues its own file. */
    @Test
    void runsThatTakeTurnsKeepOneFileEachWhenTheyOutnumberTheOpenFiles() throws IOException {
        JdbcRuns runs = new JdbcRuns(database);
        List<RunId> many = new ArrayList<>();
        for (int n = 0; n < 80; n++) {
            RunId run = new RunId("run_20261206_080000_alpha_1" + String.format("%07d", n));
            runs.add(Run.queued(run, new ModuleId("alpha"), "Alpha", Map.of(), T0));
            many.add(run);
        }
        for (int turn = 0; turn < 3; turn++) {
            for (RunId run : many) {
                logs.append(run, lines(turn * 10L + 1, 10));
            }
        }

        assertEquals(80, segmentFiles().size(), "one file for each run");
        for (RunId run : many) {
            assertEquals(lines(1, 30), logs.read(run, 0, 100));
        }
    }

    @Test
    void aBlockWhoseBytesChangedIsReportedDamagedAndNeverReadAsLines() throws IOException {
        append(1, 1_000);
        database.close();
        Path file = segmentFiles().getFirst();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(file, bytes);
        reopen();

        StorageFailedException damaged = assertThrows(StorageFailedException.class, () -> logs.read(RUN, 0, 10));

        assertEquals(StorageFailedException.Problem.CORRUPT, damaged.problem());
        assertTrue(damaged.getMessage().contains("is damaged"), damaged.getMessage());
    }

    /** What a power cut can leave: rows that reached the disk before the lines they name. */
    @Test
    void rowsWhoseLinesNeverReachedTheDiskAreDeletedAtTheNextStartAndTheRunGoesOn() throws IOException {
        append(1, 2_000);
        append(2_001, 2_000);
        append(4_001, 2_000);
        database.close();
        Path file = segmentFiles().getFirst();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 1_000);
        }

        reopen();

        assertEquals(4_000, logs.lastSeq(RUN), "the last block lost, the ones before it kept");
        assertEquals(lines(1, 4_000), logs.read(RUN, 0, MANY));
        append(4_001, 10);
        assertEquals(lines(1, 4_010), logs.read(RUN, 0, MANY));
    }

    @Test
    void rowsWhoseFileIsGoneAreDeletedAtTheNextStart() throws IOException {
        append(1, 2_000);
        database.close();
        Files.delete(segmentFiles().getFirst());

        reopen();

        assertEquals(0, logs.lastSeq(RUN));
        assertEquals(List.of(), logs.read(RUN, 0, 10));
    }

    @Test
    void filesThatNoRowNamesAreDeletedAtTheStartAndOtherFilesLeftAlone() throws IOException {
        append(1, 100);
        database.close();
        Path logFolder = data.resolve(LogSegments.DIRECTORY);
        Path stray = Files.write(logFolder.resolve("999" + LogSegments.SUFFIX), new byte[100]);
        Path notOurs = Files.writeString(logFolder.resolve("notes.txt"), "kept");

        reopen();

        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(notOurs));
        assertEquals(lines(1, 100), logs.read(RUN, 0, 1_000));
        append(101, 1);
        assertFalse(segmentFiles().contains(stray), "a number in use before the start is not taken again at once");
    }

    @Test
    void anOutputCapDeletesTheFilesWhoseLinesItReplacedAndTheLogReadsOn() throws IOException {
        append(1, MANY);
        int before = segmentFiles().size();
        LogEntry marker = new LogEntry(MANY - 1_000, T0, LogLevel.WARNING, LogStream.STDOUT, "[output capped]");

        logs.replaceWithMarker(RUN, 1_001, marker);

        assertTrue(segmentFiles().size() < before, before + " files, then " + segmentFiles());
        List<LogEntry> expected = new ArrayList<>(lines(1, 1_000));
        expected.add(marker);
        expected.addAll(lines(MANY - 999, 1_000));
        assertEquals(expected, logs.read(RUN, 0, MANY));
        assertEquals(totalFileBytes(), database.segments().totalBytes());
    }

    @Test
    void aReadThatFindsFilesDeletedSinceItBeganReadsAgainAndGetsWhatReplacedThem() {
        append(1, MANY);
        LogEntry marker = new LogEntry(MANY - 1_000, T0, LogLevel.WARNING, LogStream.STDOUT, "[output capped]");
        // An output cap commits, and deletes the files it emptied, after the read's transaction began.
        BlockLogStore reader = new BlockLogStore(new BeforeFirstFileRead(database,
                () -> logs.replaceWithMarker(RUN, 1, marker)));

        List<LogEntry> read = reader.read(RUN, 0, 2_000);

        List<LogEntry> expected = new ArrayList<>(List.of(marker));
        expected.addAll(lines(MANY - 999, 1_000));
        assertEquals(expected, read);
    }

    @Test
    void aFileMissingWhileTheServiceRunsFailsTheReadsOfItsLinesAsDamagedNamingIt() throws IOException {
        append(1, 2_000);
        Path lost = segmentFiles().getFirst();
        Files.delete(lost);

        StorageFailedException failed = assertThrows(StorageFailedException.class, () -> logs.read(RUN, 0, 10));

        assertEquals(StorageFailedException.Problem.CORRUPT, failed.problem());
        assertTrue(failed.getMessage().contains(lost.toString()), failed.getMessage());
        assertEquals(2_000, logs.lastSeq(RUN), "nothing is deleted before the next start");
    }

    @Test
    void deletingARunDeletesItsFilesEvenTheOneItWroteLast() throws IOException {
        append(1, MANY);
        JdbcRuns runs = new JdbcRuns(database);
        Run queued = runs.find(RUN).orElseThrow();
        runs.update(queued.start(T0.plusSeconds(1)).exited(0, null, T0.plusSeconds(60)));

        new JdbcRunDeletion(database).deleteNamed(Set.of(RUN));

        assertEquals(List.of(), segmentFiles());
        assertEquals(0, database.segments().totalBytes());
    }

    /** The database, whose files of lines run {@code action} once, before their first read. */
    private static final class BeforeFirstFileRead implements JdbcDatabase {

        private final SqliteDatabase database;
        private final Runnable action;
        private final AtomicBoolean done = new AtomicBoolean();

        BeforeFirstFileRead(SqliteDatabase database, Runnable action) {
            this.database = database;
            this.action = action;
        }

        @Override
        public <T> T write(SqlWork<T> work) {
            return database.write(work);
        }

        @Override
        public <T> T read(SqlWork<T> work) {
            return database.read(work);
        }

        @Override
        public SqlDialect dialect() {
            return database.dialect();
        }

        @Override
        public Optional<BlockFiles> blockFiles() {
            BlockFiles files = database.blockFiles().orElseThrow();
            return Optional.of(new BlockFiles() {
                @Override
                public Appended append(long runKey, List<LogBlock.Packed> blocks) {
                    return files.append(runKey, blocks);
                }

                @Override
                public byte[] read(long segment, long offset, int length, int crc) {
                    if (done.compareAndSet(false, true)) {
                        action.run();
                    }
                    return files.read(segment, offset, length, crc);
                }

                @Override
                public String describe(long segment) {
                    return files.describe(segment);
                }

                @Override
                public void deleteUnused(Connection connection, List<Long> segments) throws SQLException {
                    files.deleteUnused(connection, segments);
                }

                @Override
                public void deleteUnused(Connection connection) throws SQLException {
                    files.deleteUnused(connection);
                }
            });
        }
    }

    private void append(long first, int count) {
        for (long seq = first; seq < first + count; seq += 4_000) {
            logs.append(RUN, lines(seq, (int) Math.min(4_000, first + count - seq)));
        }
    }

    private static List<LogEntry> lines(long first, int count) {
        List<LogEntry> lines = new ArrayList<>(count);
        for (long seq = first; seq < first + count; seq++) {
            lines.add(new LogEntry(seq, T0.plusMillis(seq), LogLevel.INFO, LogStream.STDOUT,
                    "line " + seq + " " + "z".repeat(96)));
        }
        return lines;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve(LogSegments.DIRECTORY))) {
            return files.filter(file -> file.getFileName().toString().endsWith(LogSegments.SUFFIX)).sorted().toList();
        }
    }

    private long totalFileBytes() throws IOException {
        long bytes = 0;
        for (Path file : segmentFiles()) {
            bytes += Files.size(file);
        }
        return bytes;
    }

    private long rowsWithLinesInTheRow() {
        return database.read(connection -> {
            try (var statement = connection.createStatement();
                    var count = statement.executeQuery("SELECT COUNT(*) FROM log_blocks WHERE segment IS NULL")) {
                count.next();
                return count.getLong(1);
            }
        });
    }
}
