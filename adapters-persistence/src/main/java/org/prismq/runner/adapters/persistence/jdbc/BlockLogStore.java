package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.SearchScan;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.run.RunId;

/**
 * {@link LogStore} in the {@code log_blocks} table of a {@link JdbcDatabase}: the lines of a run in blocks of up
 * to {@value LogBlock#MAX_LINES} consecutive lines each (see {@link LogBlock}), so that storing a line costs a few
 * byte copies rather than a row. A batch is written in one transaction; reads fetch only the blocks they need
 * (at most one block more than they return), skip blocks by their seq range, time range and levels, and share
 * the blocks they decode through a {@link BlockCache}, so that reading a block a page at a time, or by many
 * readers at once, fetches it once. Timestamps are kept to the microsecond. The store of both databases, whose
 * {@code log_blocks} tables are alike. On a database with {@link BlockFiles} (SQLite's), the lines of appended
 * blocks go to those files and their rows say where; the blocks an output cap packs again keep their lines in their
 * rows, as every block does on a database without, and both kinds are read alike. A cap deletes the files whose
 * blocks it deleted once no row names them.
 *
 * <p>Lines belong to a run recorded by {@link JdbcRuns} on the same database: appending to any other run, a batch
 * whose seqs are not consecutive, or a line whose seq is not after every stored one, is an
 * {@link IllegalStateException} and stores none of the batch.
 *
 * <p>Thread-safe. A database failure is an unchecked exception with the {@link SQLException} as its cause.
 * The database must stay open while this is used; closing it is its owner's job.
 */
public final class BlockLogStore implements LogStore {

    private static final System.Logger LOG = System.getLogger(BlockLogStore.class.getName());
    private static final int CACHED_RUN_KEYS = 1024;
    /** How often a read starts again when blocks change under it (an output cap at work) before it gives up. */
    private static final int QUERY_ATTEMPTS = 5;
    // Blocks are up to 256 KiB and 4,096 lines, more than a page of lines: a read fetches two at a time (where the
    // driver fetches ahead at all) rather than every block after its start.
    private static final int FETCH_BLOCKS = 2;
    // A block's row without its lines: its size is known without reading them.
    private static final String BLOCK_ROWS = "SELECT first_seq, last_seq, COALESCE(file_bytes, length(lines)), min_ts,"
            + " max_ts, levels FROM log_blocks WHERE run_pk = ? AND last_seq > ?";
    // Where a block's lines are: in its row, or in a file that the other columns name (see BlockFiles).
    private static final String LINES = "lines, segment, file_offset, file_bytes, crc";
    // Seqs are consecutive within a block, so the block holding the line just before a seq ends below that seq
    // plus a block's size: the index on last_seq bounds the scan.
    private static final String BLOCKS_BEFORE = "SELECT first_seq, " + LINES + " FROM log_blocks"
            + " WHERE run_pk = ? AND last_seq < ? AND first_seq < ? ORDER BY last_seq DESC";
    private static final String LAST_SEQ =
            "SELECT last_seq FROM log_blocks WHERE run_pk = ? ORDER BY last_seq DESC LIMIT 1";

    private static final String FROM_SEQ =
            "SELECT first_seq, last_seq FROM log_blocks WHERE run_pk = ? AND last_seq >= ? ORDER BY last_seq";
    private static final String BLOCK =
            "SELECT first_seq, " + LINES + " FROM log_blocks WHERE run_pk = ? AND last_seq = ?";
    private static final String SEGMENTS_OF_RANGE = "SELECT DISTINCT segment FROM log_blocks"
            + " WHERE run_pk = ? AND last_seq >= ? AND first_seq <= ? AND segment IS NOT NULL";
    private static final String DELETE_RANGE =
            "DELETE FROM log_blocks WHERE run_pk = ? AND last_seq >= ? AND first_seq <= ?";

    // A block goes in only after every stored line of its run: the check costs no round trip of its own.
    private static final String INSERT_AFTER_STORED = "INSERT INTO log_blocks (run_pk, first_seq, last_seq, min_ts,"
            + " max_ts, levels, lines, segment, file_offset, file_bytes, crc) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            + " WHERE NOT EXISTS (SELECT 1 FROM log_blocks WHERE run_pk = ? AND last_seq >= ?)";
    private static final byte[] IN_A_FILE = new byte[0];

    private final JdbcDatabase database;
    /** Where appended blocks keep their lines, when not in their rows; {@code null} on a database without. */
    private final BlockFiles files;
    private final RunKeys runKeys = new RunKeys(CACHED_RUN_KEYS);
    private final BlockCache blocks = new BlockCache(BlockCache.MAX_BYTES);

    public BlockLogStore(JdbcDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
        this.files = database.blockFiles().orElse(null);
    }

    @Override
    public void append(RunId run, List<LogEntry> batch) {
        append(run, batch, null);
    }

    /** Packs the capture's own UTF-8 bytes of the messages, when given, instead of encoding the text again. */
    @Override
    public void append(RunId run, List<LogEntry> batch, List<byte[]> utf8) {
        Objects.requireNonNull(run, "run");
        if (batch.isEmpty()) {
            return;
        }
        List<LogBlock.Packed> blocks = LogBlock.pack(batch, utf8);
        database.write(connection -> {
            long runKey = runKeys.find(connection, run)
                    .orElseThrow(() -> new IllegalStateException("run " + run + " is not recorded"));
            BlockFiles.Appended written = files == null ? null : files.append(runKey, blocks);
            try {
                insert(connection, run, runKey, batch, blocks, written);
            } catch (SQLException | RuntimeException failed) {
                if (written != null) {
                    written.undo();
                }
                throw failed;
            }
            return null;
        });
    }

    /** Inserts the rows of {@code blocks}, whose lines are in their rows or, when {@code written}, in a file. */
    private void insert(Connection connection, RunId run, long runKey, List<LogEntry> batch,
            List<LogBlock.Packed> blocks, BlockFiles.Appended written) throws SQLException {
        int[] inserted;
        try (PreparedStatement insert = connection.prepareStatement(INSERT_AFTER_STORED)) {
            for (int i = 0; i < blocks.size(); i++) {
                LogBlock.Packed block = blocks.get(i);
                LogBlock.bind(insert, runKey, block);
                if (written == null) {
                    for (int column = 8; column <= 11; column++) {
                        insert.setNull(column, Types.BIGINT);
                    }
                } else {
                    insert.setBytes(7, IN_A_FILE);
                    insert.setLong(8, written.segment());
                    insert.setLong(9, written.offset(i));
                    insert.setInt(10, block.lines().length);
                    insert.setInt(11, written.crc(i));
                }
                insert.setLong(12, runKey);
                insert.setLong(13, block.firstSeq());
                insert.addBatch();
            }
            inserted = insert.executeBatch();
        } catch (SQLException failed) {
            if (database.dialect().isDuplicateKey(failed)) {
                throw new IllegalStateException("run " + run + " already has a line of seqs "
                        + batch.getFirst().seq() + ".." + batch.getLast().seq(), failed);
            }
            throw failed;
        }
        for (int count : inserted) {
            if (count == 0) {
                throw new IllegalStateException("run " + run + " already has lines up to seq "
                        + lastSeq(connection, runKey) + "; the batch starts at " + batch.getFirst().seq());
            }
        }
    }

    @Override
    public List<LogEntry> read(RunId run, long afterSeq, int limit) {
        LogStore.checkReadBounds("afterSeq", afterSeq, limit);
        return query(run, new Filter(afterSeq, Long.MIN_VALUE, null, limit, false));
    }

    @Override
    public List<LogEntry> readBefore(RunId run, long beforeSeq, int limit) {
        LogStore.checkReadBounds("beforeSeq", beforeSeq, limit);
        return database.read(connection -> {
            OptionalLong runKey = runKeys.find(connection, run);
            if (runKey.isEmpty() || limit == 0) {
                return List.of();
            }
            List<LogEntry> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(BLOCKS_BEFORE)) {
                select.setFetchSize(FETCH_BLOCKS);
                select.setLong(1, runKey.getAsLong());
                select.setLong(2, beforeSeq > Long.MAX_VALUE - LogBlock.MAX_LINES
                        ? Long.MAX_VALUE : beforeSeq + LogBlock.MAX_LINES);
                select.setLong(3, beforeSeq);
                try (ResultSet blocks = select.executeQuery()) {
                    while (found.size() < limit && blocks.next()) {
                        byte[] data = linesOrNull(blocks, 2);
                        if (data == null) {
                            continue;
                        }
                        LogBlock.Reader lines = new LogBlock.Reader(blocks.getLong(1), data);
                        List<LogEntry> earlier = new ArrayList<>();
                        while (lines.next() && lines.seq() < beforeSeq) {
                            earlier.add(lines.entry());
                        }
                        int from = Math.max(0, earlier.size() - (limit - found.size()));
                        found.addAll(0, earlier.subList(from, earlier.size()));
                    }
                }
            }
            return found;
        });
    }

    @Override
    public LogSlice query(RunId run, LogQuery query) {
        long since = query.since() == null ? Long.MIN_VALUE : Micros.ceiling(query.since());
        // One line more than asked tells whether the answer is truncated.
        List<LogEntry> entries = query(run, new Filter(query.afterSeq(), since, query.minLevel(),
                query.limit() + 1L, query.newest()));
        boolean truncated = entries.size() > query.limit();
        if (truncated) {
            entries = query.newest() ? entries.subList(entries.size() - query.limit(), entries.size())
                    : entries.subList(0, query.limit());
        }
        return new LogSlice(entries, truncated);
    }

    /**
     * Walks the run's blocks from {@code from} in the search's direction, skipping blocks without a line of the
     * level asked for, and matches each line's text in Java: faster than any SQL over packed lines.
     */
    @Override
    public SearchPage search(RunId run, LogSearch search) {
        StringBuilder sql = new StringBuilder("SELECT first_seq, " + LINES + " FROM log_blocks WHERE run_pk = ?")
                .append(search.backward() ? " AND first_seq < ?" : " AND last_seq > ?");
        if (search.minLevel() != null) {
            sql.append(" AND (levels & ?) != 0");
        }
        sql.append(search.backward() ? " ORDER BY last_seq DESC" : " ORDER BY last_seq");
        SearchScan scan = new SearchScan(search);
        return database.scan(connection -> {
            OptionalLong runKey = runKeys.find(connection, run);
            if (runKey.isEmpty()) {
                return scan.page(true);
            }
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                select.setFetchSize(FETCH_BLOCKS);
                select.setLong(1, runKey.getAsLong());
                select.setLong(2, search.from());
                if (search.minLevel() != null) {
                    select.setInt(3, LogBlock.atLeast(search.minLevel()));
                }
                try (ResultSet blocks = select.executeQuery()) {
                    while (blocks.next()) {
                        if (scan.isFull() || scan.isOutOfTime()) {
                            return scan.page(false);
                        }
                        byte[] data = linesOrNull(blocks, 2);
                        if (data != null) {
                            searchBlock(new LogBlock.Reader(blocks.getLong(1), data), scan);
                        }
                    }
                }
            }
            return scan.page(true);
        });
    }

    /**
     * Offers one block's lines to {@code scan}; backward, the matches nearest the end of the block go first. The
     * lines before the next place the scan suspects in the block's bytes are passed without a test.
     */
    private static void searchBlock(LogBlock.Reader lines, SearchScan scan) {
        LogSearch search = scan.search();
        List<LogEntry> matches = search.backward() ? new ArrayList<>() : null;
        byte[] data = lines.data();
        int suspect = scan.nextSuspect(data, 0, data.length);
        while (lines.next() && !scan.isFull()) {
            if (!search.inRange(lines.seq())) {
                continue;
            }
            int textEnd = lines.textStart() + lines.textLength();
            if (textEnd <= suspect) {
                scan.passed(lines.seq());
                continue;
            }
            suspect = scan.nextSuspect(data, textEnd, data.length);
            if (scan.test(lines.seq(), lines.level(), lines.stream(), lines.data(), lines.textStart(),
                    lines.textLength())) {
                if (matches == null) {
                    scan.add(lines.entry());
                } else {
                    matches.add(lines.entry());
                }
            }
        }
        for (int i = matches == null ? -1 : matches.size() - 1; i >= 0 && !scan.isFull(); i--) {
            scan.add(matches.get(i));
        }
    }

    @Override
    public long lastSeq(RunId run) {
        return database.read(connection -> {
            OptionalLong runKey = runKeys.find(connection, run);
            return runKey.isEmpty() ? 0L : lastSeq(connection, runKey.getAsLong());
        });
    }

    /**
     * Deletes the blocks that hold a line of the range; the lines of the two blocks cut by its ends that lie
     * outside it are packed again, on either side of the marker's own block.
     */
    @Override
    public void replaceWithMarker(RunId run, long fromSeq, LogEntry marker) {
        Objects.requireNonNull(run, "run");
        long toSeq = marker.seq();
        if (fromSeq > toSeq) {
            throw new IllegalStateException("the marker's seq " + toSeq + " is before " + fromSeq);
        }
        List<Long> segments = database.write(connection -> {
            long runKey = runKeys.find(connection, run)
                    .orElseThrow(() -> new IllegalStateException("run " + run + " is not recorded"));
            List<Long> emptied = segmentsOfRange(connection, runKey, fromSeq, toSeq);
            List<LogEntry> before = new ArrayList<>();
            List<LogEntry> after = new ArrayList<>();
            for (long cut : blocksCutByRange(connection, runKey, fromSeq, toSeq)) {
                LogBlock.Reader lines = block(connection, runKey, cut);
                while (lines.next()) {
                    if (lines.seq() < fromSeq) {
                        before.add(lines.entry());
                    } else if (lines.seq() > toSeq) {
                        after.add(lines.entry());
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(DELETE_RANGE)) {
                delete.setLong(1, runKey);
                delete.setLong(2, fromSeq);
                delete.setLong(3, toSeq);
                delete.executeUpdate();
            }
            List<LogBlock.Packed> blocks = new ArrayList<>();
            if (!before.isEmpty()) {
                blocks.addAll(LogBlock.pack(before));
            }
            blocks.addAll(LogBlock.pack(List.of(marker)));
            if (!after.isEmpty()) {
                blocks.addAll(LogBlock.pack(after));
            }
            try (PreparedStatement insert = connection.prepareStatement(LogBlock.INSERT)) {
                for (LogBlock.Packed block : blocks) {
                    LogBlock.bind(insert, runKey, block);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return emptied;
        });
        if (!segments.isEmpty()) {
            deleteUnused(segments);
        }
    }

    /**
     * Deletes the files of {@code segments} that no row names any more, once the rows are deleted. The lines are
     * replaced either way: a failure is logged, and the files are left to the next deletion of runs, or start.
     */
    private void deleteUnused(List<Long> segments) {
        try {
            database.write(connection -> {
                files.deleteUnused(connection, segments);
                return null;
            });
        } catch (RuntimeException failed) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete the files of lines an output cap replaced; they are"
                    + " deleted later: " + failed);
        }
    }

    /** The segments (see {@link BlockFiles}) that hold lines of the range: deleted once no other row names them. */
    private static List<Long> segmentsOfRange(Connection connection, long runKey, long fromSeq, long toSeq)
            throws SQLException {
        List<Long> segments = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(SEGMENTS_OF_RANGE)) {
            select.setLong(1, runKey);
            select.setLong(2, fromSeq);
            select.setLong(3, toSeq);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    segments.add(rows.getLong(1));
                }
            }
        }
        return segments;
    }

    /** The last seqs of the blocks that hold lines of the range and lines outside it: at most two. */
    private static List<Long> blocksCutByRange(Connection connection, long runKey, long fromSeq, long toSeq)
            throws SQLException {
        List<Long> cut = new ArrayList<>(2);
        try (PreparedStatement select = connection.prepareStatement(FROM_SEQ)) {
            select.setFetchSize(FETCH_BLOCKS);
            select.setLong(1, runKey);
            select.setLong(2, fromSeq);
            try (ResultSet blocks = select.executeQuery()) {
                while (blocks.next() && blocks.getLong(1) <= toSeq) {
                    if (blocks.getLong(1) < fromSeq || blocks.getLong(2) > toSeq) {
                        cut.add(blocks.getLong(2));
                    }
                }
            }
        }
        return cut;
    }

    private LogBlock.Reader block(Connection connection, long runKey, long lastSeq) throws SQLException {
        LogBlock.Reader block;
        try {
            block = blockOrNull(connection, runKey, lastSeq);
        } catch (LinesMissing gone) {
            throw new StorageException("the block ending at seq " + lastSeq + " cannot be read: " + gone.getMessage());
        }
        if (block == null) {
            throw new IllegalStateException("the block ending at seq " + lastSeq + " is gone");
        }
        return block;
    }

    /**
     * The lines of the run's block that ends at {@code lastSeq}, or {@code null} when there is none.
     *
     * @throws LinesMissing when its file is gone
     */
    private LogBlock.Reader blockOrNull(Connection connection, long runKey, long lastSeq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(BLOCK)) {
            select.setLong(1, runKey);
            select.setLong(2, lastSeq);
            try (ResultSet rows = select.executeQuery()) {
                byte[] data = rows.next() ? lines(rows, 2) : null;
                return data == null ? null : new LogBlock.Reader(rows.getLong(1), data);
            }
        }
    }

    /**
     * The packed lines of the block at {@code rows}, whose columns {@link #LINES} start at {@code column}: from the
     * row, or from the file it names.
     *
     * @throws LinesMissing when that file is gone: the block was deleted after this transaction began, or the file
     *                      was lost
     */
    private byte[] lines(ResultSet rows, int column) throws SQLException {
        long segment = rows.getLong(column + 1);
        if (rows.wasNull()) {
            return rows.getBytes(column);
        }
        if (files == null) {
            throw new StorageException("a block of lines names the file of segment " + segment
                    + ", but this database keeps no files of lines");
        }
        byte[] lines = files.read(segment, rows.getLong(column + 2), rows.getInt(column + 3), rows.getInt(column + 4));
        if (lines == null) {
            throw new LinesMissing(files.describe(segment));
        }
        return lines;
    }

    /** {@link #lines(ResultSet, int)}, or {@code null} for a block whose file is gone, which a scan passes by. */
    private byte[] linesOrNull(ResultSet rows, int column) throws SQLException {
        try {
            return lines(rows, column);
        } catch (LinesMissing gone) {
            return null;
        }
    }

    /**
     * Which lines a read wants: seq above {@code afterSeq}, time and level (if not null) at least, the first or
     * the last {@code limit} of them.
     */
    private record Filter(long afterSeq, long sinceMicros, LogLevel minLevel, long limit, boolean newest) {

        int minLevelIndex() {
            return minLevel == null ? 0 : LogBlock.levelIndex(minLevel);
        }
    }

    /**
     * The lines that pass {@code filter}, in seq order: the first {@code limit}, or with newest the last. The
     * blocks are found by their rows alone; their lines come from the {@link BlockCache}, which fetches each block
     * once for every read that needs it. Should a block change between its row and its lines (possible on a
     * database whose statements each see their own snapshot), or its file be gone (deleted with it after the read
     * began), the read starts again in a transaction of its own, which sees what replaced it. A file still missing
     * then is a file lost, and the read fails as damaged storage.
     */
    private List<LogEntry> query(RunId run, Filter filter) {
        StringBuilder sql = new StringBuilder(BLOCK_ROWS);
        if (filter.sinceMicros() != Long.MIN_VALUE) {
            sql.append(" AND max_ts >= ?");
        }
        if (filter.minLevel() != null) {
            sql.append(" AND (levels & ?) != 0");
        }
        sql.append(filter.newest() ? " ORDER BY last_seq DESC" : " ORDER BY last_seq");
        for (int attempt = 1; ; attempt++) {
            Attempt outcome = database.read(connection -> {
                OptionalLong runKey = runKeys.find(connection, run);
                if (runKey.isEmpty() || filter.limit() == 0) {
                    return new Attempt(List.of(), null);
                }
                try {
                    return new Attempt(query(connection, sql.toString(), runKey.getAsLong(), filter), null);
                } catch (LinesMissing gone) {
                    return new Attempt(null, gone);
                }
            });
            if (outcome.found() != null) {
                return outcome.found();
            }
            if (attempt == QUERY_ATTEMPTS && outcome.missing() != null) {
                throw new StorageException("lines of run " + run + " cannot be read: "
                        + outcome.missing().getMessage() + " (the next start deletes the rows of the lines it held)");
            }
            if (attempt == QUERY_ATTEMPTS) {
                throw new IllegalStateException("the blocks of run " + run + " kept changing while read");
            }
        }
    }

    /** One attempt of a read: the lines found, or {@code null} and, when a file was missing, which. */
    private record Attempt(List<LogEntry> found, LinesMissing missing) {
    }

    /**
     * One attempt of {@link #query(RunId, Filter)}: {@code null} when a block changed while it was read.
     *
     * @throws LinesMissing when a block's file is gone
     */
    private List<LogEntry> query(Connection connection, String sql, long runKey, Filter filter)
            throws SQLException {
        List<LogEntry> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            int i = 1;
            select.setLong(i++, runKey);
            select.setLong(i++, filter.afterSeq());
            if (filter.sinceMicros() != Long.MIN_VALUE) {
                select.setLong(i++, filter.sinceMicros());
            }
            if (filter.minLevel() != null) {
                select.setInt(i, LogBlock.atLeast(filter.minLevel()));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (found.size() < filter.limit() && rows.next()) {
                    BlockCache.Key key = new BlockCache.Key(runKey, rows.getLong(1), rows.getLong(2), rows.getLong(3),
                            rows.getLong(4), rows.getLong(5), rows.getInt(6));
                    List<LogEntry> block = blocks.lines(key, () -> lines(connection, key));
                    if (block == null) {
                        return null;
                    }
                    List<LogEntry> matching = matching(block, filter,
                            filter.newest() ? Long.MAX_VALUE : filter.limit() - found.size());
                    if (filter.newest()) {
                        int from = (int) Math.max(0, matching.size() - (filter.limit() - found.size()));
                        found.addAll(0, matching.subList(from, matching.size()));
                    } else {
                        found.addAll(matching);
                    }
                }
            }
        }
        return found;
    }

    /** Every line of the block {@code key}, decoded; {@code null} when its row is gone or is another block now. */
    private List<LogEntry> lines(Connection connection, BlockCache.Key key) throws SQLException {
        LogBlock.Reader block = blockOrNull(connection, key.runKey(), key.lastSeq());
        if (block == null || block.firstSeq() != key.firstSeq() || block.data().length != key.bytes()) {
            return null;
        }
        List<LogEntry> lines = new ArrayList<>((int) (key.lastSeq() - key.firstSeq() + 1));
        while (block.next()) {
            lines.add(block.entry());
        }
        return List.copyOf(lines);
    }

    /**
     * A block's row names a file of lines that is not there. Thrown inside a read, and seen by the read's caller
     * only as a {@link StorageException}: no trace is taken.
     */
    private static final class LinesMissing extends RuntimeException {

        LinesMissing(String file) {
            super(file + " is missing", null, false, false);
        }
    }

    /** Up to {@code max} lines of one block that pass the filter, in seq order. */
    private static List<LogEntry> matching(List<LogEntry> block, Filter filter, long max) {
        List<LogEntry> matching = new ArrayList<>();
        int minLevel = filter.minLevelIndex();
        for (int i = 0, count = block.size(); i < count && matching.size() < max; i++) {
            LogEntry entry = block.get(i);
            boolean inTime = filter.sinceMicros() == Long.MIN_VALUE
                    || Micros.of(entry.timestamp()) >= filter.sinceMicros();
            if (entry.seq() > filter.afterSeq() && LogBlock.levelIndex(entry.level()) >= minLevel && inTime) {
                matching.add(entry);
            }
        }
        return matching;
    }

    private static long lastSeq(Connection connection, long runKey) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LAST_SEQ)) {
            query.setLong(1, runKey);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0L;
            }
        }
    }
}
