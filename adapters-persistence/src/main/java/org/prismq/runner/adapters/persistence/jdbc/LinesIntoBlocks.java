package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.prismq.runner.domain.log.LogEntry;

/**
 * Packs lines read run by run, each run's in seq order, into blocks written with {@link LogBlock#INSERT}: the
 * migrations that move a table of one row per line into {@code log_blocks} share it. A block holds consecutive
 * seqs only, so a gap (where an output cap dropped lines) starts a new one. Holds at most one block's lines.
 */
public final class LinesIntoBlocks {

    private final PreparedStatement insert;
    private final List<LogEntry> pending = new ArrayList<>();
    private long pendingRun = -1;

    /** @param insert a statement prepared from {@link LogBlock#INSERT} */
    public LinesIntoBlocks(PreparedStatement insert) {
        this.insert = insert;
    }

    /** The next line of {@code run}; writes the lines before it when they make a block. */
    public void add(long run, LogEntry line) throws SQLException {
        boolean follows = run == pendingRun && !pending.isEmpty() && pending.getLast().seq() == line.seq() - 1;
        if (!follows || pending.size() == LogBlock.MAX_LINES) {
            flush();
            pendingRun = run;
        }
        pending.add(line);
    }

    /** Writes the lines not written yet; call once after the last {@link #add}. */
    public void flush() throws SQLException {
        for (LogBlock.Packed block : LogBlock.pack(pending)) {
            LogBlock.bind(insert, pendingRun, block);
            insert.executeUpdate();
        }
        pending.clear();
    }
}
