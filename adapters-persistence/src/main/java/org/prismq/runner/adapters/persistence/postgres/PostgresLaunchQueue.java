package org.prismq.runner.adapters.persistence.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.adapters.persistence.jdbc.ParametersJson;
import org.prismq.runner.application.port.out.LaunchQueue;
import org.prismq.runner.application.port.out.NodeId;
import org.prismq.runner.application.port.out.QueuedRun;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * The {@link LaunchQueue} that every service node on one PostgreSQL database shares, in the table
 * {@code run_queue}. A claim takes the oldest row with {@code FOR UPDATE SKIP LOCKED}, so nodes claiming at once
 * never wait for each other and never get the same run, and records the claiming node on the run in the same
 * transaction. Enqueues take a transaction-level advisory lock, so that the capacity holds exactly however many
 * nodes launch at once. Thread-safe.
 */
public final class PostgresLaunchQueue implements LaunchQueue {

    /** The advisory lock of enqueues: any number, the same on every node (it is "PrismQ" in ASCII). */
    private static final long ENQUEUE_LOCK = 0x507269736d51L;
    private static final String CLAIM = "DELETE FROM run_queue WHERE position = ("
            + "SELECT position FROM run_queue ORDER BY position FOR UPDATE SKIP LOCKED LIMIT 1) "
            + "RETURNING run_pk, parameters";

    private final PostgresDatabase database;
    private final JdbcRuns runs;

    /** @param runs the runs of the same database, which a queued run is recorded in */
    public PostgresLaunchQueue(PostgresDatabase database, JdbcRuns runs) {
        this.database = Objects.requireNonNull(database, "database");
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    @Override
    public boolean enqueue(Run run, Map<String, Object> values, int capacity) {
        String parameters = ParametersJson.write(values);
        return database.write(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, ENQUEUE_LOCK);
                lock.execute();
            }
            if (count(connection) >= capacity) {
                return false;
            }
            runs.add(connection, run);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO run_queue (run_pk, parameters) "
                    + "SELECT id, CAST(? AS json) FROM runs WHERE run_id = ?")) {
                insert.setString(1, parameters);
                insert.setString(2, run.id().value());
                insert.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<QueuedRun> claim(NodeId node) {
        return database.write(connection -> {
            long runKey;
            String parameters;
            try (PreparedStatement claim = connection.prepareStatement(CLAIM);
                    ResultSet claimed = claim.executeQuery()) {
                if (!claimed.next()) {
                    return Optional.empty();
                }
                runKey = claimed.getLong(1);
                parameters = claimed.getString(2);
            }
            RunId id;
            try (PreparedStatement hold = connection.prepareStatement(
                    "UPDATE runs SET node_id = ? WHERE id = ? RETURNING run_id")) {
                hold.setString(1, node.value());
                hold.setLong(2, runKey);
                try (ResultSet held = hold.executeQuery()) {
                    held.next();
                    id = new RunId(held.getString(1));
                }
            }
            Run run = runs.find(connection, id)
                    .orElseThrow(() -> new IllegalStateException("queued run " + id + " is not recorded"));
            return Optional.of(new QueuedRun(run, ParametersJson.read(parameters)));
        });
    }

    @Override
    public boolean remove(RunId run) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM run_queue WHERE run_pk = (SELECT id FROM runs WHERE run_id = ?)")) {
                delete.setString(1, run.value());
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int size() {
        return database.read(PostgresLaunchQueue::count);
    }

    private static int count(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM run_queue");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
