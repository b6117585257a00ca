package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Files beside a database that hold the packed lines of log blocks, so that the database stores only each block's
 * row and where its lines are: written once, appended, instead of through the database's own log and again into
 * its file. A {@link BlockLogStore} on a database that has them ({@link JdbcDatabase#blockFiles}) keeps the blocks
 * it appends there; the blocks an output cap packs again, and those of older versions, stay in their rows.
 *
 * <p>The lines of a block are found by a segment (a file), an offset and a length, and checked by a CRC-32C
 * stored with them, so a block whose bytes did not survive (a power cut) is never read as lines.
 *
 * <p>Implementations are thread-safe. {@link #append} and {@link #deleteUnused} are called inside a write
 * transaction of the database, so one at a time.
 */
public interface BlockFiles {

    /**
     * Appends the lines of {@code blocks}, in order, to a file of the run with key {@code runKey}.
     *
     * @throws StorageException when they cannot be written: nothing of them is then left in the file
     */
    Appended append(long runKey, List<LogBlock.Packed> blocks);

    /**
     * The stored lines of one block, checked against its CRC; {@code null} when the segment is gone (its blocks
     * were deleted after the caller read their row).
     *
     * @throws StorageException when they cannot be read, or are not what was written
     */
    byte[] read(long segment, long offset, int length, int crc);

    /** Where the lines of {@code segment} are, for a message: its file's path. */
    String describe(long segment);

    /**
     * Deletes the files among {@code segments} that no row of {@code connection}'s database names any more. Call
     * inside a write transaction begun after the rows were deleted, so that no append is under way; a file that
     * cannot be deleted now is left to {@link #deleteUnused(Connection)}.
     */
    void deleteUnused(Connection connection, List<Long> segments) throws SQLException;

    /** {@link #deleteUnused(Connection, List)} for every file there is. */
    void deleteUnused(Connection connection) throws SQLException;

    /** Where one {@link #append} put its blocks: one segment, one block after another from {@code offset}. */
    interface Appended {

        long segment();

        /** The offset of block {@code i} of the append. */
        long offset(int i);

        /** The CRC-32C of block {@code i}'s lines. */
        int crc(int i);

        /** Takes the append back, when the rows that would name it were not stored. Best effort. */
        void undo();
    }
}
