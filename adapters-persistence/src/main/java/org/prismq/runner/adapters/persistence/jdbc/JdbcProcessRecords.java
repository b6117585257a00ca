package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;

import org.prismq.runner.application.port.out.ProcessIdentity;
import org.prismq.runner.application.port.out.ProcessRecords;
import org.prismq.runner.domain.run.RunId;

/**
 * {@link ProcessRecords} in the {@code run_processes} table of a {@link JdbcDatabase}, one row per run, deleted
 * with the run. The start instant is kept to the microsecond.
 *
 * <p>Thread-safe. A database failure is a {@link StorageException}. The database must stay open while this is
 * used; closing it is its owner's job.
 */
public final class JdbcProcessRecords implements ProcessRecords {

    private static final String UPSERT = "INSERT INTO run_processes (run_pk, pid, started_at, cgroup) "
            + "SELECT id, ?, ?, ? FROM runs WHERE run_id = ? "
            + "ON CONFLICT (run_pk) DO UPDATE SET pid = excluded.pid, started_at = excluded.started_at, "
            + "cgroup = excluded.cgroup";
    private static final String FIND = "SELECT p.pid, p.started_at, p.cgroup FROM run_processes p "
            + "JOIN runs r ON r.id = p.run_pk WHERE r.run_id = ?";

    private final JdbcDatabase database;
    private final SqlDialect dialect;

    public JdbcProcessRecords(JdbcDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
        this.dialect = database.dialect();
    }

    @Override
    public void record(RunId run, ProcessIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        int recorded = database.write(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                statement.setLong(1, identity.pid());
                dialect.bindInstant(statement, 2, identity.startedAt());
                statement.setString(3, identity.cgroup());
                statement.setString(4, run.value());
                return statement.executeUpdate();
            }
        });
        if (recorded == 0) {
            throw new IllegalStateException("run " + run + " is not recorded");
        }
    }

    @Override
    public Optional<ProcessIdentity> find(RunId run) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(FIND)) {
                query.setString(1, run.value());
                try (ResultSet rows = query.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ProcessIdentity(rows.getLong("pid"),
                            dialect.readInstant(rows, "started_at"), rows.getString("cgroup")));
                }
            }
        });
    }
}
