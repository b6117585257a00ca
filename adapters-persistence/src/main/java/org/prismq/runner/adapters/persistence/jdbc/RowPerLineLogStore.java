package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.SearchScan;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.run.RunId;

/**
 * {@link LogStore} that keeps each line as a row of the {@code log_lines} table of a {@link JdbcDatabase}: the
 * store PostgreSQL uses (SQLite packs lines in blocks instead, {@code SqliteLogStore}). A batch is written in one
 * transaction, the fastest way the database offers (see {@link SqlDialect#insertLines}); reads never load more of
 * a run than they return (plus one line, to tell a truncated answer). Timestamps are kept to the microsecond.
 *
 * <p>Lines belong to a run recorded by {@link JdbcRuns} on the same database: appending to any other run, or
 * a line whose seq is already stored, is an {@link IllegalStateException} and stores none of the batch.
 *
 * <p>Thread-safe. A database failure is an unchecked exception with the {@link SQLException} as its cause.
 * The database must stay open while this is used; closing it is its owner's job.
 */
public final class RowPerLineLogStore implements LogStore {

    private static final int CACHED_RUN_KEYS = 1024;
    private static final int SEARCH_CHUNK = 5000;
    private static final String LINES = "SELECT seq, ts, stream, level, message FROM log_lines";

    private final JdbcDatabase database;
    private final LogRowsDialect dialect;
    private final RunKeys runKeys = new RunKeys(CACHED_RUN_KEYS);

    /** @throws IllegalArgumentException for a database that does not keep log lines one row each */
    public RowPerLineLogStore(JdbcDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
        if (!(database.dialect() instanceof LogRowsDialect rows)) {
            throw new IllegalArgumentException(database.getClass().getSimpleName()
                    + " does not keep log lines one row each: use its own LogStore");
        }
        this.dialect = rows;
    }

    @Override
    public void append(RunId run, List<LogEntry> batch) {
        Objects.requireNonNull(run, "run");
        if (batch.isEmpty()) {
            return;
        }
        database.write(connection -> {
            long runKey = runKeys.find(connection, run)
                    .orElseThrow(() -> new IllegalStateException("run " + run + " is not recorded"));
            try {
                dialect.insertLines(connection, runKey, batch);
            } catch (SQLException failed) {
                if (dialect.isDuplicateKey(failed)) {
                    throw new IllegalStateException("run " + run + " already has a line of seqs "
                            + batch.getFirst().seq() + ".." + batch.getLast().seq(), failed);
                }
                throw failed;
            }
            return null;
        });
    }

    @Override
    public List<LogEntry> read(RunId run, long afterSeq, int limit) {
        if (afterSeq < 0 || limit < 0) {
            throw new IllegalArgumentException("afterSeq and limit must not be negative, were " + afterSeq
                    + " and " + limit);
        }
        return database.read(connection -> {
            OptionalLong runKey = runKeys.find(connection, run);
            if (runKey.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement query = connection.prepareStatement(
                    LINES + " WHERE run_pk = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                query.setLong(1, runKey.getAsLong());
                query.setLong(2, afterSeq);
                query.setInt(3, limit);
                return entries(query);
            }
        });
    }

    @Override
    public List<LogEntry> readBefore(RunId run, long beforeSeq, int limit) {
        if (beforeSeq < 0 || limit < 0) {
            throw new IllegalArgumentException("beforeSeq and limit must not be negative, were " + beforeSeq
                    + " and " + limit);
        }
        return database.read(connection -> {
            OptionalLong runKey = runKeys.find(connection, run);
            if (runKey.isEmpty() || limit == 0) {
                return List.of();
            }
            try (PreparedStatement query = connection.prepareStatement(
                    LINES + " WHERE run_pk = ? AND seq < ? ORDER BY seq DESC LIMIT ?")) {
                query.setLong(1, runKey.getAsLong());
                query.setLong(2, beforeSeq);
                query.setInt(3, limit);
                List<LogEntry> entries = entries(query);
                Collections.reverse(entries);
                return entries;
            }
        });
    }

    @Override
    public LogSlice query(RunId run, LogQuery query) {
        StringBuilder sql = new StringBuilder(LINES).append(" WHERE run_pk = ? AND seq > ?");
        if (query.since() != null) {
            sql.append(" AND ts >= ?");
        }
        if (query.minLevel() != null) {
            sql.append(" AND level >= ?");
        }
        sql.append(query.newest() ? " ORDER BY seq DESC" : " ORDER BY seq").append(" LIMIT ?");
        return database.read(connection -> {
            OptionalLong runKey = runKeys.find(connection, run);
            if (runKey.isEmpty()) {
                return new LogSlice(List.of(), false);
            }
            List<LogEntry> entries;
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                int i = 1;
                select.setLong(i++, runKey.getAsLong());
                select.setLong(i++, query.afterSeq());
                if (query.since() != null) {
                    dialect.bindInstantCeiling(select, i++, query.since());
                }
                if (query.minLevel() != null) {
                    select.setInt(i++, LogCodes.levelCode(query.minLevel()));
                }
                // One line more than asked tells whether the answer is truncated.
                select.setLong(i, query.limit() + 1L);
                entries = entries(select);
            }
            boolean truncated = entries.size() > query.limit();
            if (truncated) {
                entries = entries.subList(0, query.limit());
            }
            if (query.newest()) {
                Collections.reverse(entries);
            }
            return new LogSlice(entries, truncated);
        });
    }

    /**
     * Reads the run's rows from {@code from} in the search's direction, {@value #SEARCH_CHUNK} at a time (level
     * and stream filtered in SQL), and matches each message in Java, so that both databases match exactly alike
     * (escape sequences removed, the same case folding).
     */
    @Override
    public SearchPage search(RunId run, LogSearch search) {
        StringBuilder sql = new StringBuilder(LINES).append(" WHERE run_pk = ?")
                .append(search.backward() ? " AND seq < ?" : " AND seq > ?");
        if (search.minLevel() != null) {
            sql.append(" AND level >= ?");
        }
        if (search.stream() != null) {
            sql.append(" AND stream = ?");
        }
        sql.append(search.backward() ? " ORDER BY seq DESC" : " ORDER BY seq").append(" LIMIT ").append(SEARCH_CHUNK);
        SearchScan scan = new SearchScan(search);
        return database.read(connection -> {
            OptionalLong runKey = runKeys.find(connection, run);
            if (runKey.isEmpty()) {
                return scan.page(true);
            }
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                long from = search.from();
                while (true) {
                    int i = 1;
                    select.setLong(i++, runKey.getAsLong());
                    select.setLong(i++, from);
                    if (search.minLevel() != null) {
                        select.setInt(i++, LogCodes.levelCode(search.minLevel()));
                    }
                    if (search.stream() != null) {
                        select.setInt(i, LogCodes.streamCode(search.stream()));
                    }
                    List<LogEntry> chunk = entries(select);
                    for (LogEntry entry : chunk) {
                        if (scan.isFull()) {
                            return scan.page(false);
                        }
                        if (scan.test(entry)) {
                            scan.add(entry);
                        }
                    }
                    if (chunk.size() < SEARCH_CHUNK) {
                        return scan.page(true);
                    }
                    from = chunk.getLast().seq();
                    scan.passed(from);
                    if (scan.isFull() || scan.isOutOfTime()) {
                        return scan.page(false);
                    }
                }
            }
        });
    }

    @Override
    public long lastSeq(RunId run) {
        return database.read(connection -> {
            OptionalLong runKey = runKeys.find(connection, run);
            if (runKey.isEmpty()) {
                return 0L;
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq FROM log_lines WHERE run_pk = ? ORDER BY seq DESC LIMIT 1")) {
                query.setLong(1, runKey.getAsLong());
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public void replaceWithMarker(RunId run, long fromSeq, LogEntry marker) {
        Objects.requireNonNull(run, "run");
        if (fromSeq > marker.seq()) {
            throw new IllegalStateException("the marker's seq " + marker.seq() + " is before " + fromSeq);
        }
        database.write(connection -> {
            long runKey = runKeys.find(connection, run)
                    .orElseThrow(() -> new IllegalStateException("run " + run + " is not recorded"));
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM log_lines WHERE run_pk = ? AND seq BETWEEN ? AND ?")) {
                delete.setLong(1, runKey);
                delete.setLong(2, fromSeq);
                delete.setLong(3, marker.seq());
                delete.executeUpdate();
            }
            dialect.insertLines(connection, runKey, List.of(marker));
            return null;
        });
    }

    private List<LogEntry> entries(PreparedStatement query) throws SQLException {
        List<LogEntry> entries = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                entries.add(new LogEntry(rows.getLong("seq"), dialect.readInstant(rows, "ts"),
                        LogCodes.level(rows.getInt("level")), LogCodes.stream(rows.getInt("stream")),
                        dialect.loadText(rows.getString("message"))));
            }
        }
        return entries;
    }
}
