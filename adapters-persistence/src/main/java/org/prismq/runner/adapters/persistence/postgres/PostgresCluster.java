package org.prismq.runner.adapters.persistence.postgres;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.prismq.runner.application.port.out.Cluster;
import org.prismq.runner.application.port.out.NodeId;
import org.prismq.runner.domain.run.RunId;

/**
 * The service nodes that share one PostgreSQL database (one schema of it): heartbeats in the table {@code nodes},
 * the holder of each run in {@code runs.node_id}, cancel requests in {@code runs.cancel_requested}, and news
 * through {@code LISTEN}/{@code NOTIFY} on the channel {@code prismq_events}. The news is sent by triggers of the
 * schema (see the migration {@code V3}) when a transaction commits, so a node hears of a change only once storage
 * holds it. Times are the database's, so the nodes' clocks need not agree.
 *
 * <p>The news is heard on a connection of its own, on a thread of its own. When that connection breaks, a new one
 * is opened and the {@link Listener} is told to look at everything again. Thread-safe. The owner closes it before
 * the database.
 */
public final class PostgresCluster implements Cluster, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresCluster.class.getName());
    private static final String CHANNEL = "prismq_events";
    private static final int WAIT_MILLIS = 250;
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);
    private static final String ACTIVE = "status IN ('queued', 'running')";

    private final PostgresDatabase database;
    private volatile boolean closed;
    private Thread listening;

    public PostgresCluster(PostgresDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public boolean heartbeat(NodeId node) {
        return database.write(connection -> {
            // xmax is 0 in a row the statement inserted, and set in one it updated: whether the node was there.
            try (PreparedStatement beat = connection.prepareStatement("INSERT INTO nodes (node_id, started_at, "
                    + "heartbeat_at) VALUES (?, now(), now()) "
                    + "ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now() RETURNING xmax <> 0")) {
                beat.setString(1, node.value());
                try (ResultSet row = beat.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }

    @Override
    public List<RunId> heldBy(NodeId node) {
        return database.read(connection -> runIds(connection, "SELECT run_id FROM runs WHERE node_id = ? AND "
                + ACTIVE + " ORDER BY created_at, run_id", node.value()));
    }

    /**
     * Takes out the nodes silent for longer than {@code timeout}, then returns the active runs held by no node
     * alive (theirs, and those of a node taken out earlier by a caller that did not record them), and the active
     * runs that no node holds and the queue does not keep (left by a service that stopped before nodes shared a
     * database).
     */
    @Override
    public List<RunId> reap(Duration timeout) {
        return database.write(connection -> {
            try (PreparedStatement dead = connection.prepareStatement("DELETE FROM nodes "
                    + "WHERE heartbeat_at < now() - make_interval(secs => ?) RETURNING node_id")) {
                dead.setDouble(1, timeout.toMillis() / 1000.0);
                try (ResultSet rows = dead.executeQuery()) {
                    while (rows.next()) {
                        LOG.log(Level.WARNING, "service node {0} has not answered for {1} s: its runs are recorded "
                                + "as failed", rows.getString(1), timeout.toSeconds());
                    }
                }
            }
            return runIds(connection, "SELECT run_id FROM runs r WHERE " + ACTIVE + " AND CASE "
                    + "WHEN node_id IS NULL THEN NOT EXISTS (SELECT 1 FROM run_queue q WHERE q.run_pk = r.id) "
                    + "ELSE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.node_id = r.node_id) END "
                    + "ORDER BY created_at, run_id", null);
        });
    }

    @Override
    public void requestCancel(RunId run) {
        database.write(connection -> {
            try (PreparedStatement request = connection.prepareStatement(
                    "UPDATE runs SET cancel_requested = TRUE WHERE run_id = ? AND " + ACTIVE)) {
                request.setString(1, run.value());
                return request.executeUpdate();
            }
        });
    }

    @Override
    public List<RunId> cancelRequests(NodeId node) {
        return database.read(connection -> runIds(connection, "SELECT run_id FROM runs "
                + "WHERE node_id = ? AND cancel_requested AND " + ACTIVE, node.value()));
    }

    @Override
    public void leave(NodeId node) {
        database.write(connection -> {
            try (PreparedStatement leave = connection.prepareStatement("DELETE FROM nodes WHERE node_id = ?")) {
                leave.setString(1, node.value());
                return leave.executeUpdate();
            }
        });
    }

    /** Starts hearing the news, on a thread of its own, until {@link #close}. Call once. */
    @Override
    public synchronized void listen(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (listening != null) {
            throw new IllegalStateException("already listening");
        }
        listening = Thread.ofPlatform().daemon().name("prismq-cluster-news").start(() -> hear(listener));
    }

    /** Stops hearing the news; the thread ends within a fraction of a second. */
    @Override
    public void close() {
        closed = true;
        Thread thread;
        synchronized (this) {
            thread = listening;
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Listens until closed, on a new connection whenever the last one failed. */
    private void hear(Listener listener) {
        while (!closed) {
            try (Connection session = database.openSession()) {
                String schema = currentSchema(session);
                try (Statement listen = session.createStatement()) {
                    listen.execute("LISTEN " + CHANNEL);
                }
                // Whatever happened before this LISTEN was not heard.
                listener.resync();
                PGConnection news = session.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = news.getNotifications(WAIT_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            deliver(schema, notification.getParameter(), listener);
                        }
                    }
                }
            } catch (SQLException | RuntimeException failure) {
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "hearing the other nodes failed; listening again in {0} s: {1}",
                        RECONNECT_PAUSE.toSeconds(), failure.toString());
                pause();
            }
        }
    }

    /** Passes on one message of the form {@code <schema> <kind> [<run_id> [<seq>]]}, if it is for our schema. */
    static void deliver(String schema, String payload, Listener listener) {
        String[] parts = payload.split(" ");
        if (parts.length < 2 || !parts[0].equals(schema)) {
            return;
        }
        try {
            switch (parts[1]) {
                case "q" -> listener.queueChanged();
                case "r" -> listener.runChanged(new RunId(parts[2]));
                case "c" -> listener.cancelRequested(new RunId(parts[2]));
                case "l" -> listener.linesStored(new RunId(parts[2]), Long.parseLong(parts[3]));
                default -> LOG.log(Level.DEBUG, "ignored news of an unknown kind: {0}", payload);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
            LOG.log(Level.WARNING, "ignored malformed news: {0}", payload);
        }
    }

    private static String currentSchema(Connection session) throws SQLException {
        try (Statement query = session.createStatement();
                ResultSet rows = query.executeQuery("SELECT current_schema()")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static List<RunId> runIds(Connection connection, String sql, String argument) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (argument != null) {
                query.setString(1, argument);
            }
            try (ResultSet rows = query.executeQuery()) {
                List<RunId> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(new RunId(rows.getString(1)));
                }
                return ids;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }
}
