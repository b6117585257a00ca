package org.prismq.runner.adapters.persistence.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import org.prismq.runner.adapters.persistence.jdbc.BlockFiles;
import org.prismq.runner.adapters.persistence.jdbc.LogBlock;
import org.prismq.runner.adapters.persistence.jdbc.StorageException;
import org.prismq.runner.application.port.out.StorageFailedException.Problem;

/**
 * The {@link BlockFiles} of a {@link SqliteDatabase}: the folder {@value #DIRECTORY} beside the database file, with
 * one file per segment, {@code <segment>}{@value #SUFFIX}. A run's blocks are appended to a segment of its own
 * until it holds {@value #SEGMENT_BYTES} bytes, then to a new one; at most {@value #OPEN_SEGMENTS} segments stay
 * open between appends, and a run whose segment was closed meanwhile opens it again. Segment numbers only grow
 * while the service runs, so a file deleted while a reader still has it open (Windows keeps its name until then,
 * and refuses to open it) never stands in a new one's way, and such a refusal tells a reader that its block is
 * gone. A segment is deleted whole once no row names it: when its run is deleted, or when an output cap deleted
 * the middle of the run; so a capped run takes at most the cap and about two segments. Every file is opened and
 * closed per read, so a deletion never waits for readers.
 *
 * <p>Durability follows the database's: the segments written to are synced ({@link #sync}) before each
 * checkpoint of the write-ahead log, so what a checkpoint makes durable has its lines on disk too, but for rows
 * committed while it ran. A row that the system wrote to disk before its lines (a power cut between the two, or
 * such a row) is found when the database is opened
 * ({@link #open}): the rows whose lines are beyond the end of their file are deleted, saying so, and a block whose
 * lines do not match their CRC-32C is reported as damaged, never read as lines.
 *
 * <p>{@link #append}, {@link #deleteUnused} and {@link #open} are called under the database's write lock, so a
 * segment being appended to is never deleted before the rows that name it are committed;
 * {@link #read} from any thread; {@link #sync} from the checkpoint thread.
 */
final class LogSegments implements BlockFiles, AutoCloseable {

    static final String DIRECTORY = "logs";
    static final String SUFFIX = ".blocks";
    /** The size past which a run's next blocks start a new segment, and so the most an output cap leaves unused. */
    static final long SEGMENT_BYTES = 4L << 20;
    /** Segments kept open between appends; past this, the one appended to least recently is closed. */
    private static final int OPEN_SEGMENTS = 64;
    /**
     * Runs whose segment is remembered, open or not, so that a run appending again continues its segment rather
     * than starting one per append when more runs write at once than segments stay open.
     */
    private static final int REMEMBERED_RUNS = 4096;
    /** How many of the segments deleted last are remembered, to tell a reader that its block is gone. */
    private static final int REMEMBERED_DELETIONS = 4096;

    private static final System.Logger LOG = System.getLogger(LogSegments.class.getName());
    private static final String REFERENCED = "SELECT DISTINCT segment FROM log_blocks WHERE segment IS NOT NULL";
    private static final String IN_USE = "SELECT 1 FROM log_blocks WHERE segment = ? LIMIT 1";
    private static final String ENDS = "SELECT segment, MAX(file_offset + file_bytes) FROM log_blocks"
            + " WHERE segment IS NOT NULL GROUP BY segment";
    private static final String DELETE_BEYOND =
            "DELETE FROM log_blocks WHERE segment = ? AND file_offset + file_bytes > ?";

    private final Path directory;
    private final AtomicLong lastSegment;
    private final AtomicLong totalBytes;
    /** The segment of each run, by run key, the least recently appended to first. Guarded by this. */
    private final LinkedHashMap<Long, Segment> writing = new LinkedHashMap<>(16, 0.75f, true);
    /** Segments written since the last {@link #sync} began, whether still written to or not. Guarded by this. */
    private final Set<Segment> unsynced = new HashSet<>();
    /**
     * The segments deleted last. Windows keeps a deleted file's name until every reader closed it, and refuses to
     * open it meanwhile: a read refused so is of a block that is gone. Guarded by itself.
     */
    private final Set<Long> deleted = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED_DELETIONS;
        }
    });
    /** A size limit for tests, which SQLite's own limit does not cover here: a full disk made portable. */
    private volatile long limitBytes = Long.MAX_VALUE;

    private LogSegments(Path directory, long lastSegment, long totalBytes) {
        this.directory = directory;
        this.lastSegment = new AtomicLong(lastSegment);
        this.totalBytes = new AtomicLong(totalBytes);
    }

    /**
     * The segments beside {@code databaseFile}, the folder created if missing, checked against the rows of the
     * database on {@code connection} (in a write transaction, committed by the caller): rows whose lines are not
     * in their file are deleted, and files that no row names are deleted.
     */
    static LogSegments open(Path databaseFile, Connection connection) throws SQLException {
        Path directory = databaseFile.resolveSibling(DIRECTORY);
        Map<Long, Long> sizes = new HashMap<>();
        try {
            Files.createDirectories(directory);
            for (long segment : segmentsIn(directory)) {
                sizes.put(segment, Files.size(directory.resolve(segment + SUFFIX)));
            }
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot read the log folder " + directory, failed);
        }
        long last = sizes.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        try (PreparedStatement ends = connection.prepareStatement(ENDS);
                ResultSet rows = ends.executeQuery()) {
            List<long[]> cut = new ArrayList<>();
            while (rows.next()) {
                long segment = rows.getLong(1);
                long end = rows.getLong(2);
                last = Math.max(last, segment);
                long size = sizes.getOrDefault(segment, 0L);
                if (size < end) {
                    cut.add(new long[] {segment, size, end});
                }
            }
            for (long[] lost : cut) {
                int deleted = deleteBeyond(connection, lost[0], lost[1]);
                LOG.log(Level.WARNING, "{0} block(s) of log lines in {1} were lost: the file ends at byte {2}, its"
                        + " rows name bytes up to {3} (the machine stopped before they reached the disk); their rows"
                        + " are deleted", deleted, directory.resolve(lost[0] + SUFFIX), lost[1], lost[2]);
            }
        }
        LogSegments segments = new LogSegments(directory, last,
                sizes.values().stream().mapToLong(Long::longValue).sum());
        segments.deleteUnreferenced(connection, sizes.keySet());
        return segments;
    }

    /** The numbers of the segment files in {@code directory}. */
    private static List<Long> segmentsIn(Path directory) throws IOException {
        List<Long> segments = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                long segment = segmentOf(file);
                if (segment > 0) {
                    segments.add(segment);
                }
            }
        }
        return segments;
    }

    private static int deleteBeyond(Connection connection, long segment, long size) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_BEYOND)) {
            delete.setLong(1, segment);
            delete.setLong(2, size);
            return delete.executeUpdate();
        }
    }

    /** The number of a segment's file, or 0 when the name is not one of a segment. */
    private static long segmentOf(Path file) {
        String name = file.getFileName().toString();
        String number = name.substring(0, name.length() - SUFFIX.length());
        if (number.isEmpty() || number.length() > 18 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Long.parseLong(number);
    }

    /** The bytes of every segment file. */
    long totalBytes() {
        return totalBytes.get();
    }

    @Override
    public synchronized Appended append(long runKey, List<LogBlock.Packed> blocks) {
        long length = 0;
        ByteBuffer[] buffers = new ByteBuffer[blocks.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = ByteBuffer.wrap(blocks.get(i).lines());
            length += buffers[i].remaining();
        }
        if (totalBytes.get() + length > limitBytes) {
            throw new StorageException(Problem.FULL, "the log files in " + directory + " are full (at their size"
                    + " limit of " + limitBytes + " bytes)", null);
        }
        Segment segment = segmentFor(runKey);
        long start = segment.size;
        try {
            long written = 0;
            while (written < length) {
                written += segment.channel.write(buffers);
            }
        } catch (IOException failed) {
            segment.truncate(start);
            throw failure("cannot write to " + segment.file, failed, length);
        }
        segment.size = start + length;
        totalBytes.addAndGet(length);
        unsynced.add(segment);
        long[] offsets = new long[blocks.size()];
        int[] crcs = new int[blocks.size()];
        long offset = start;
        for (int i = 0; i < offsets.length; i++) {
            byte[] lines = blocks.get(i).lines();
            offsets[i] = offset;
            crcs[i] = crc(lines, lines.length);
            offset += lines.length;
        }
        return new Written(segment, start, length, offsets, crcs);
    }

    /**
     * The run's segment to append to, open: the one it has, or a new one when it has none, or that one is full or
     * could not be cut back after a failed write.
     */
    private Segment segmentFor(long runKey) {
        Segment current = writing.get(runKey);
        if (current != null && current.size < SEGMENT_BYTES && !current.broken) {
            if (!current.isOpen()) {
                current.reopen();
                closeLeastRecentlyUsed(current);
            }
            return current;
        }
        if (current != null) {
            writing.remove(runKey);
            current.close();
        }
        Segment fresh = create();
        writing.put(runKey, fresh);
        closeLeastRecentlyUsed(fresh);
        if (writing.size() > REMEMBERED_RUNS) {
            Iterator<Segment> eldest = writing.values().iterator();
            eldest.next().close();
            eldest.remove();
        }
        return fresh;
    }

    /** Closes the open segments appended to least recently, but {@code opened}, past {@value #OPEN_SEGMENTS}. */
    private void closeLeastRecentlyUsed(Segment opened) {
        long open = writing.values().stream().filter(Segment::isOpen).count();
        for (Iterator<Segment> eldest = writing.values().iterator(); open > OPEN_SEGMENTS && eldest.hasNext(); ) {
            Segment segment = eldest.next();
            if (segment != opened && segment.isOpen()) {
                segment.close();
                open--;
            }
        }
    }

    private Segment create() {
        while (true) {
            long number = lastSegment.incrementAndGet();
            Path file = directory.resolve(number + SUFFIX);
            try {
                return new Segment(number, file, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException taken) {
                LOG.log(Level.DEBUG, "{0} exists already; taking the next number", file);
            } catch (IOException failed) {
                throw failure("cannot create " + file, failed, 0);
            }
        }
    }

    @Override
    public byte[] read(long segment, long offset, int length, int crc) {
        Path file = directory.resolve(segment + SUFFIX);
        byte[] lines = new byte[length];
        ByteBuffer into = ByteBuffer.wrap(lines);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (into.hasRemaining()) {
                if (channel.read(into, offset + into.position()) < 0) {
                    throw new StorageException("the log file " + file + " ends before the block at byte " + offset
                            + " (" + length + " bytes) that its row names");
                }
            }
        } catch (NoSuchFileException gone) {
            return null;
        } catch (IOException failed) {
            if (failed instanceof AccessDeniedException && wasDeleted(segment)) {
                return null;
            }
            throw new StorageException(Problem.UNAVAILABLE, "cannot read " + file + ": " + failed.getMessage(),
                    failed);
        }
        if (crc(lines, length) != crc) {
            throw new StorageException("the block at byte " + offset + " of " + file + " is damaged: its lines do"
                    + " not match the checksum stored with them");
        }
        return lines;
    }

    @Override
    public String describe(long segment) {
        return "the log file " + directory.resolve(segment + SUFFIX);
    }

    @Override
    public void deleteUnused(Connection connection, List<Long> segments) throws SQLException {
        List<Long> unused = new ArrayList<>();
        try (PreparedStatement inUse = connection.prepareStatement(IN_USE)) {
            for (long segment : segments) {
                inUse.setLong(1, segment);
                try (ResultSet row = inUse.executeQuery()) {
                    if (!row.next()) {
                        unused.add(segment);
                    }
                }
            }
        }
        delete(unused);
    }

    @Override
    public void deleteUnused(Connection connection) throws SQLException {
        List<Long> present;
        try {
            present = segmentsIn(directory);
        } catch (IOException failed) {
            LOG.log(Level.WARNING, "cannot list " + directory + " to delete unused log files: " + failed);
            return;
        }
        deleteUnreferenced(connection, present);
    }

    /** Deletes the files among {@code present} that no row names. */
    private void deleteUnreferenced(Connection connection, Collection<Long> present) throws SQLException {
        Set<Long> referenced = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(REFERENCED);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                referenced.add(rows.getLong(1));
            }
        }
        delete(present.stream().filter(segment -> !referenced.contains(segment)).toList());
    }

    /** Deletes the files of {@code segments}; one still open for appending is closed first. */
    private synchronized void delete(List<Long> segments) {
        Set<Long> doomed = new HashSet<>(segments);
        writing.values().removeIf(segment -> doomed.contains(segment.number) && segment.close());
        unsynced.removeIf(segment -> doomed.contains(segment.number));
        for (long number : segments) {
            Path file = directory.resolve(number + SUFFIX);
            try {
                long size = Files.size(file);
                Files.delete(file);
                synchronized (deleted) {
                    deleted.add(number);
                }
                totalBytes.addAndGet(-size);
            } catch (NoSuchFileException gone) {
                LOG.log(Level.DEBUG, "{0} is gone already", file);
            } catch (IOException failed) {
                LOG.log(Level.WARNING, "cannot delete the unused log file " + file + " now; it is tried again when"
                        + " runs are next deleted, and at the next start: " + failed);
            }
        }
    }

    private boolean wasDeleted(long segment) {
        synchronized (deleted) {
            return deleted.contains(segment);
        }
    }

    /**
     * Forces the lines written since the last call to the disk: through the segment's own channel while it is
     * appended to, else through the file opened again for that, so that a run's full segments need not stay open
     * until then. Call before the database's log is checkpointed. A failure is logged: the next call tries again.
     */
    void sync() {
        List<Segment> toSync;
        synchronized (this) {
            toSync = new ArrayList<>(unsynced);
            unsynced.clear();
        }
        for (Segment segment : toSync) {
            try {
                segment.force();
            } catch (IOException failed) {
                synchronized (this) {
                    unsynced.add(segment);
                }
                LOG.log(Level.WARNING, "cannot sync " + segment.file + "; tried again at the next checkpoint: "
                        + failed);
            }
        }
    }

    /** Syncs and closes every segment. */
    @Override
    public void close() {
        synchronized (this) {
            writing.values().forEach(Segment::close);
            writing.clear();
        }
        sync();
    }

    /** For tests: no more bytes than the files hold now, like a full disk. */
    void limitToCurrentSize() {
        limitBytes = totalBytes.get();
    }

    /** For tests: takes the limit off again. */
    void removeLimit() {
        limitBytes = Long.MAX_VALUE;
    }

    private StorageException failure(String what, IOException failed, long needed) {
        Problem problem = isNoSpace(failed, needed) ? Problem.FULL : Problem.UNAVAILABLE;
        String said = problem == Problem.FULL
                ? what + ": the log files in " + directory + " are full (no space left on their disk)"
                : what;
        return new StorageException(problem, said + ": " + failed.getMessage(), failed);
    }

    /** Whether a write failed for want of space: the system says so, or the disk has less free than it needed. */
    private boolean isNoSpace(IOException failed, long needed) {
        String message = String.valueOf(failed.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("no space left") || message.contains("not enough space")
                || message.contains("disk quota")) {
            return true;
        }
        try {
            return Files.getFileStore(directory).getUsableSpace() < Math.max(needed, 1);
        } catch (IOException unknown) {
            return false;
        }
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    /** A segment file open for appending. Its size is changed under the owner's lock only. */
    private static final class Segment {

        final long number;
        final Path file;
        /** Closed while the segment waits for its run's next append; opened again then. */
        volatile FileChannel channel;
        long size;
        /** A failed write could not be cut off: the run's next blocks go to a new segment. */
        boolean broken;

        Segment(long number, Path file, FileChannel channel) {
            this.number = number;
            this.file = file;
            this.channel = channel;
        }

        void truncate(long to) {
            try {
                channel.truncate(to);
                channel.position(to);
                size = to;
            } catch (IOException failed) {
                LOG.log(Level.WARNING, "cannot cut " + file + " back to " + to + " bytes after a failed write;"
                        + " its next blocks go to a new file: " + failed);
                broken = true;
                close();
            }
        }

        boolean isOpen() {
            return channel.isOpen();
        }

        /** Opens the file again to append after its {@link #size} bytes. */
        void reopen() {
            try {
                FileChannel again = FileChannel.open(file, StandardOpenOption.WRITE);
                again.position(size);
                channel = again;
            } catch (IOException failed) {
                throw new StorageException(Problem.UNAVAILABLE, "cannot open " + file + " again to append to it: "
                        + failed.getMessage(), failed);
            }
        }

        /** Forces what was written to the disk; nothing when the file is gone (its lines were deleted). */
        void force() throws IOException {
            try {
                channel.force(false);
                return;
            } catch (ClosedChannelException closed) {
                LOG.log(Level.DEBUG, "{0} is closed; syncing it through the file", file);
            }
            try (FileChannel again = FileChannel.open(file, StandardOpenOption.WRITE)) {
                again.force(false);
            } catch (NoSuchFileException gone) {
                LOG.log(Level.DEBUG, "{0} is gone; nothing to sync", file);
            }
        }

        /** Closes the file; {@code true}, for use in a condition. */
        boolean close() {
            try {
                channel.close();
            } catch (IOException failed) {
                LOG.log(Level.WARNING, "closing " + file + " failed: " + failed);
            }
            return true;
        }
    }

    /** One append: undone by cutting the segment back to where it started. */
    private final class Written implements Appended {

        private final Segment segment;
        private final long start;
        private final long length;
        private final long[] offsets;
        private final int[] crcs;

        Written(Segment segment, long start, long length, long[] offsets, int[] crcs) {
            this.segment = segment;
            this.start = start;
            this.length = length;
            this.offsets = offsets;
            this.crcs = crcs;
        }

        @Override
        public long segment() {
            return segment.number;
        }

        @Override
        public long offset(int i) {
            return offsets[i];
        }

        @Override
        public int crc(int i) {
            return crcs[i];
        }

        @Override
        public void undo() {
            synchronized (LogSegments.this) {
                if (segment.size == start + length && segment.isOpen()) {
                    segment.truncate(start);
                    totalBytes.addAndGet(-length);
                }
            }
        }
    }
}
