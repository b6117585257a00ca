package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.ModuleRunStats;
import org.prismq.runner.domain.run.Progress;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;
import org.prismq.runner.domain.run.RunStatus;

/**
 * {@link Runs} in the {@code runs} table of a {@link JdbcDatabase}. Instants are kept to the microsecond;
 * parameter values come back with whole numbers as {@code Integer}, {@code Long} or {@code BigInteger} by size and
 * other numbers as {@code Double}.
 *
 * <p>Thread-safe. A database failure is an unchecked exception with the {@link SQLException} as its cause.
 * The database must stay open while this is used; closing it is its owner's job.
 */
public final class JdbcRuns implements Runs {

    private static final String COLUMNS = "run_id, module_id, module_name, status, created_at, started_at, "
            + "completed_at, progress_percent, items_processed, items_total, exit_code, error_message, parameters";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM runs";
    private static final String NEWEST_FIRST = " ORDER BY created_at DESC, run_id DESC";

    private final JdbcDatabase database;
    private final SqlDialect dialect;
    private final String insert;
    private final String update;
    private final String stats;

    public JdbcRuns(JdbcDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
        this.dialect = database.dialect();
        String json = dialect.jsonPlaceholder();
        this.insert = "INSERT INTO runs (" + COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + json + ") ON CONFLICT (run_id) DO NOTHING";
        this.update = "UPDATE runs SET module_id = ?, module_name = ?, status = ?, "
                + "created_at = ?, started_at = ?, completed_at = ?, progress_percent = ?, items_processed = ?, "
                + "items_total = ?, exit_code = ?, error_message = ?, parameters = " + json
                + " WHERE run_id = ? AND status IN ('queued', 'running')";
        this.stats = "SELECT module_id, COUNT(*), " + dialect.countWhere("status = 'completed'") + ", "
                + dialect.countWhere("status = 'failed'") + ", MAX(created_at) AS last_run "
                + "FROM runs GROUP BY module_id";
    }

    @Override
    public void add(Run run) {
        database.write(connection -> {
            add(connection, run);
            return null;
        });
    }

    /**
     * {@link #add} inside the caller's transaction on {@code connection}, for a store that records a run together
     * with rows of its own.
     */
    public void add(Connection connection, Run run) throws SQLException {
        String parameters = ParametersJson.write(run.parameters());
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setString(1, run.id().value());
            bindSnapshot(statement, 2, run, parameters);
            if (statement.executeUpdate() == 0) {
                throw new IllegalStateException("run " + run.id() + " is already recorded");
            }
        }
    }

    @Override
    public boolean update(Run run) {
        String parameters = ParametersJson.write(run.parameters());
        // The status condition is in the statement itself, so that no check-then-write race lets a final status
        // change (two services, or a node and the nodes that took it for dead).
        int updated = database.write(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(update)) {
                bindSnapshot(statement, 1, run, parameters);
                statement.setString(13, run.id().value());
                return statement.executeUpdate();
            }
        });
        if (updated == 0 && find(run.id()).isEmpty()) {
            throw new IllegalStateException("run " + run.id() + " is not recorded");
        }
        return updated > 0;
    }

    @Override
    public Optional<Run> find(RunId id) {
        return database.read(connection -> find(connection, id));
    }

    /** {@link #find} inside the caller's transaction on {@code connection}. */
    public Optional<Run> find(Connection connection, RunId id) throws SQLException {
        return select(connection, SELECT + " WHERE run_id = ?", List.of(id.value())).stream().findFirst();
    }

    @Override
    public RunPage list(RunFilter filter, int limit, int offset) {
        if (limit < 0 || offset < 0) {
            throw new IllegalArgumentException("limit and offset must not be negative, were " + limit + " and "
                    + offset);
        }
        List<Object> arguments = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        if (filter.moduleId() != null) {
            conditions.add("module_id = ?");
            arguments.add(filter.moduleId().value());
        }
        if (filter.status() != null) {
            conditions.add("status = ?");
            arguments.add(filter.status().wireName());
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        List<Object> pageArguments = new ArrayList<>(arguments);
        pageArguments.add(limit);
        pageArguments.add(offset);
        // Count and page in one snapshot, so the total cannot fall behind the page.
        return database.read(connection -> {
            long total = count(connection, "SELECT COUNT(*) FROM runs" + where, arguments);
            List<Run> page = select(connection, SELECT + where + NEWEST_FIRST + " LIMIT ? OFFSET ?",
                    pageArguments);
            return new RunPage(page, total);
        });
    }

    @Override
    public List<Run> active() {
        return database.read(connection -> select(connection,
                SELECT + " WHERE status IN ('queued', 'running') ORDER BY created_at, run_id", List.of()));
    }

    @Override
    public Map<ModuleId, ModuleRunStats> statsByModule() {
        return database.read(connection -> {
            Map<ModuleId, ModuleRunStats> byModule = new TreeMap<>();
            try (PreparedStatement query = connection.prepareStatement(stats);
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byModule.put(new ModuleId(rows.getString(1)), new ModuleRunStats(rows.getLong(2),
                            rows.getLong(3), rows.getLong(4), dialect.readInstant(rows, "last_run")));
                }
            }
            return Collections.unmodifiableMap(byModule);
        });
    }

    /** Binds every column but {@code run_id}, in {@link #COLUMNS} order, from {@code first} on. */
    private void bindSnapshot(PreparedStatement statement, int first, Run run, String parameters)
            throws SQLException {
        int i = first;
        statement.setString(i++, run.moduleId().value());
        statement.setString(i++, dialect.storeText(run.moduleName()));
        statement.setString(i++, run.status().wireName());
        dialect.bindInstant(statement, i++, run.createdAt());
        dialect.bindInstant(statement, i++, run.startedAt());
        dialect.bindInstant(statement, i++, run.completedAt());
        Progress progress = run.progress();
        statement.setObject(i++, progress.percent(), Types.DOUBLE);
        statement.setObject(i++, progress.itemsProcessed(), Types.BIGINT);
        statement.setObject(i++, progress.itemsTotal(), Types.BIGINT);
        statement.setObject(i++, run.exitCode(), Types.INTEGER);
        statement.setString(i++, dialect.storeText(run.errorMessage()));
        statement.setString(i, parameters);
    }

    private static long count(Connection connection, String sql, List<Object> arguments) throws SQLException {
        try (PreparedStatement query = prepare(connection, sql, arguments);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<Run> select(Connection connection, String sql, List<Object> arguments) throws SQLException {
        try (PreparedStatement query = prepare(connection, sql, arguments);
                ResultSet rows = query.executeQuery()) {
            List<Run> runs = new ArrayList<>();
            while (rows.next()) {
                runs.add(toRun(rows));
            }
            return runs;
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> arguments)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < arguments.size(); i++) {
                statement.setObject(i + 1, arguments.get(i));
            }
            return statement;
        } catch (SQLException failed) {
            statement.close();
            throw failed;
        }
    }

    private Run toRun(ResultSet row) throws SQLException {
        return new Run(
                new RunId(row.getString("run_id")),
                new ModuleId(row.getString("module_id")),
                dialect.loadText(row.getString("module_name")),
                RunStatus.fromWireName(row.getString("status")),
                dialect.readInstant(row, "created_at"),
                dialect.readInstant(row, "started_at"),
                dialect.readInstant(row, "completed_at"),
                new Progress(nullableDouble(row, "progress_percent"), nullableLong(row, "items_processed"),
                        nullableLong(row, "items_total")),
                exitCode(row),
                dialect.loadText(row.getString("error_message")),
                ParametersJson.read(row.getString("parameters")));
    }

    private static Integer exitCode(ResultSet row) throws SQLException {
        Long code = nullableLong(row, "exit_code");
        return code == null ? null : Math.toIntExact(code);
    }

    private static Double nullableDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
