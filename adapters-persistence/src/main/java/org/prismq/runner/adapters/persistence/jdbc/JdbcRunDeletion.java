package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;

import org.prismq.runner.application.port.out.RunDeletion;
import org.prismq.runner.domain.run.EndedRunsFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * {@link RunDeletion} on the {@code runs} table of a {@link JdbcDatabase}: a run's lines, process record and
 * queue entry go with it by the schema's {@code ON DELETE CASCADE}. Every statement that deletes also says
 * {@code status IN (final statuses)}, so a run that is still active at that moment stays, whatever was read
 * before. After deleting, the database's dialect reclaims the space ({@link SqlDialect#reclaimSpace}).
 *
 * <p>Thread-safe. A database failure is an unchecked exception with the {@link SQLException} as its cause.
 */
public final class JdbcRunDeletion implements RunDeletion {

    private static final String ENDED = " status IN ('completed', 'failed', 'cancelled')";
    /** Ids per statement: far below the bound-parameter limits of both databases. */
    private static final int IDS_PER_STATEMENT = 500;

    private final JdbcDatabase database;
    private final SqlDialect dialect;

    public JdbcRunDeletion(JdbcDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
        this.dialect = database.dialect();
    }

    @Override
    public Outcome deleteNamed(Set<RunId> ids) {
        List<RunId> named = List.copyOf(ids);
        if (named.isEmpty()) {
            return new Outcome.Deleted(0);
        }
        return deleting(connection -> {
            Map<RunId, RunStatus> statuses = statuses(connection, named);
            for (RunId id : named) {
                RunStatus status = statuses.get(id);
                if (status == null) {
                    return new Outcome.Unknown(id);
                }
                if (!status.isTerminal()) {
                    return new Outcome.Active(id, status);
                }
            }
            long deleted = 0;
            for (List<RunId> chunk : chunks(named)) {
                deleted += update(connection, "DELETE FROM runs WHERE run_id IN (" + placeholders(chunk.size())
                        + ") AND" + ENDED, values(chunk));
            }
            return new Outcome.Deleted(deleted);
        }, outcome -> outcome instanceof Outcome.Deleted deleted ? deleted.count() : 0);
    }

    @Override
    public long deleteMatching(EndedRunsFilter filter) {
        Objects.requireNonNull(filter, "filter");
        StringBuilder sql = new StringBuilder("DELETE FROM runs WHERE" + ENDED);
        List<Object> arguments = new ArrayList<>();
        if (filter.moduleId() != null) {
            sql.append(" AND module_id = ?");
            arguments.add(filter.moduleId().value());
        }
        if (filter.status() != null) {
            sql.append(" AND status = ?");
            arguments.add(filter.status().wireName());
        }
        if (filter.endedBefore() != null) {
            sql.append(" AND completed_at < ?");
        }
        return deleting(connection -> {
            long deleted;
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                int i = bind(statement, arguments);
                if (filter.endedBefore() != null) {
                    dialect.bindInstant(statement, i, filter.endedBefore());
                }
                deleted = statement.executeUpdate();
            }
            return deleted;
        }, Long::longValue);
    }

    @Override
    public long deleteAllButNewest(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative, was " + keep);
        }
        String sql = "DELETE FROM runs WHERE" + ENDED + " AND id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER "
                + "(PARTITION BY module_id ORDER BY created_at DESC, run_id DESC) AS newest FROM runs WHERE"
                + ENDED + ") AS ranked WHERE newest > ?)";
        return deleting(connection -> update(connection, sql, List.of(keep)), Long::longValue);
    }

    /**
     * Runs {@code work}, which deletes, in one transaction with the reclaiming of the space it freed; gives the file
     * system that space when {@code count} says runs were deleted.
     */
    private <T> T deleting(SqlWork<T> work, ToLongFunction<T> count) {
        T outcome = database.write(connection -> {
            T deleted = work.run(connection);
            dialect.reclaimSpace(connection);
            return deleted;
        });
        if (count.applyAsLong(outcome) > 0) {
            database.shrinkFile();
        }
        return outcome;
    }

    private static Map<RunId, RunStatus> statuses(Connection connection, List<RunId> ids) throws SQLException {
        Map<RunId, RunStatus> statuses = new HashMap<>();
        for (List<RunId> chunk : chunks(ids)) {
            String sql = "SELECT run_id, status FROM runs WHERE run_id IN (" + placeholders(chunk.size()) + ")";
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                bind(query, values(chunk));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        statuses.put(new RunId(rows.getString(1)), RunStatus.fromWireName(rows.getString(2)));
                    }
                }
            }
        }
        return statuses;
    }

    private static long update(Connection connection, String sql, List<Object> arguments) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, arguments);
            return statement.executeUpdate();
        }
    }

    /** Binds {@code arguments} from index 1 on; returns the next free index. */
    private static int bind(PreparedStatement statement, List<Object> arguments) throws SQLException {
        int i = 1;
        for (Object argument : arguments) {
            statement.setObject(i++, argument);
        }
        return i;
    }

    private static List<List<RunId>> chunks(List<RunId> ids) {
        List<List<RunId>> chunks = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
            chunks.add(ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT)));
        }
        return chunks;
    }

    private static List<Object> values(List<RunId> ids) {
        List<Object> values = new ArrayList<>(ids.size());
        ids.forEach(id -> values.add(id.value()));
        return values;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
