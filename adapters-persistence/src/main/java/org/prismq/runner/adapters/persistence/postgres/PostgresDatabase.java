package org.prismq.runner.adapters.persistence.postgres;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.LogFactory;
import org.postgresql.ds.PGSimpleDataSource;
import org.prismq.runner.adapters.persistence.jdbc.FlywayLogBridge;
import org.prismq.runner.adapters.persistence.jdbc.JdbcDatabase;
import org.prismq.runner.adapters.persistence.jdbc.SqlDialect;
import org.prismq.runner.adapters.persistence.jdbc.SqlWork;
import org.prismq.runner.adapters.persistence.jdbc.StorageException;
import org.prismq.runner.adapters.persistence.jdbc.WriteHealth;
import org.prismq.runner.application.port.out.DatabaseSize;
import org.prismq.runner.application.port.out.StorageFailedException.Problem;
import org.prismq.runner.application.port.out.StorageHealth;
import org.prismq.runner.application.port.out.StorageState;

/**
 * The service's PostgreSQL database, given by a JDBC URL ({@code jdbc:postgresql://host:port/database}) and
 * brought to the current schema by the Flyway migrations on the class path under {@code db/postgresql} when it
 * is opened. The tables live in the connection's current schema: {@code public} unless the URL says otherwise
 * ({@code ?currentSchema=prismq}, created when missing if the user may). Flyway holds a lock on the database
 * while it migrates, so several services may open the same database at once.
 *
 * <p>Writes run in {@code READ COMMITTED} transactions on up to four connections, so appends of different runs go
 * on side by side; reads run in {@code REPEATABLE READ READ ONLY} transactions on up to four others, so each read
 * sees one consistent snapshot. Connections are opened when first needed; one that fails is replaced by a new
 * one on the next call, so the service outlives a restart of the server (the call that met the failure fails).
 * No connection is bound to a thread, so callers may be virtual threads.
 *
 * <p>A failure reaches the caller as a {@link StorageException}: {@link Problem#FULL} when the server is out of
 * disk space ({@code 53100}), {@link Problem#CORRUPT} for data it reports damaged ({@code XX001}, {@code XX002}),
 * else {@link Problem#UNAVAILABLE}. The outcome of the last write is this database's {@link StorageHealth}.
 *
 * <p>Thread-safe. The owner closes it once every store built on it is done.
 */
public final class PostgresDatabase implements JdbcDatabase, StorageHealth, DatabaseSize.Source, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostgresDatabase.class.getName());
    private static final SqlDialect DIALECT = new PostgresDialect();
    private static final String URL_PREFIX = "jdbc:postgresql:";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&]*");
    private static final String APPLICATION_NAME = "PrismQ Runner";
    private static final int WRITE_CONNECTIONS = 4;
    private static final int READ_CONNECTIONS = 4;
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final String location;
    private final PGSimpleDataSource source;
    private final ConnectionPool writers;
    private final ConnectionPool readers;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final WriteHealth health;

    private PostgresDatabase(String location, PGSimpleDataSource source) {
        this.location = location;
        this.health = new WriteHealth("the database " + location, Clock.systemUTC());
        this.source = source;
        this.writers = new ConnectionPool("write", () -> connect(source, false), WRITE_CONNECTIONS, CLOSE_GRACE);
        this.readers = new ConnectionPool("read", () -> connect(source, true), READ_CONNECTIONS, CLOSE_GRACE);
    }

    /**
     * Connects to the database at {@code jdbcUrl} and applies any migration it lacks.
     *
     * <p>The credentials are {@code user} and {@code password} when given; either may be {@code null}, and is then
     * taken from the URL's {@code user} and {@code password} parameters, if any, else from the driver's defaults
     * (the operating system user's name, no password). The password never appears in a message or a log line.
     *
     * @throws IllegalArgumentException when {@code jdbcUrl} is not a PostgreSQL JDBC URL
     * @throws IllegalStateException when the server cannot be reached or refuses the credentials, the database
     *                               holds a schema of something else, or a migration fails
     */
    public static PostgresDatabase open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        String location = redact(jdbcUrl);
        if (!jdbcUrl.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (" + URL_PREFIX + "//host/database): "
                    + location);
        }
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setApplicationName(APPLICATION_NAME);
        try {
            source.setURL(jdbcUrl);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException("not a valid PostgreSQL JDBC URL: " + location);
        }
        if (user != null) {
            source.setUser(user);
        }
        if (password != null) {
            source.setPassword(password);
        }
        // Connecting once first gives a short message for the common failures: no server, wrong credentials.
        try (Connection probe = source.getConnection()) {
            LOG.log(Level.DEBUG, "connected to {0}", location);
        } catch (SQLException failed) {
            throw new IllegalStateException("cannot connect to the database " + location + ": "
                    + redact(failed.getMessage()), failed);
        }
        migrate(source, location);
        LOG.log(Level.DEBUG, "opened {0}", location);
        return new PostgresDatabase(location, source);
    }

    /**
     * Runs {@code work} inside one {@code READ COMMITTED} transaction, committed when the work returns and rolled
     * back when it throws. Writes of different callers run side by side; rows they both change wait for each
     * other.
     */
    @Override
    public <T> T write(SqlWork<T> work) {
        try {
            T result = inTransaction(writers, work);
            health.succeeded();
            return result;
        } catch (StorageException failed) {
            health.failed(failed);
            throw failed;
        }
    }

    /** Whether the last write stored, or failed and why: the outcome of the latest {@link #write}. */
    @Override
    public StorageState state() {
        return health.state();
    }

    /** Runs {@code work} inside one read-only {@code REPEATABLE READ} transaction: it sees one snapshot. */
    @Override
    public <T> T read(SqlWork<T> work) {
        return inTransaction(readers, work);
    }

    /**
     * What the tables of this service's schema take on disk, indexes and TOAST included (other schemas of the
     * database, such as other services', are not counted). Free space inside them is not known: deleted rows are
     * made reusable by autovacuum, not given back to the file system.
     */
    @Override
    public DatabaseSize databaseSize() {
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT COALESCE(SUM("
                    + "pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')");
                    ResultSet row = query.executeQuery()) {
                row.next();
                return new DatabaseSize(row.getLong(1), -1);
            }
        });
    }

    /** PostgreSQL's: instants as {@code timestamptz}, NUL in text escaped. */
    @Override
    public SqlDialect dialect() {
        return DIALECT;
    }

    /**
     * A connection of its own for the caller, outside the pools, in auto-commit mode: for a session that lasts, such
     * as one that listens for notifications. The caller closes it.
     *
     * @throws IllegalStateException when the database is closed
     */
    Connection openSession() throws SQLException {
        if (closed.get()) {
            throw new IllegalStateException("the database is closed");
        }
        return source.getConnection();
    }

    /** Closes every connection, waiting a few seconds for lent ones. Does nothing when already closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writers.close();
        readers.close();
        LOG.log(Level.DEBUG, "closed {0}", location);
    }

    /** The database's URL, a password in it masked. */
    @Override
    public String toString() {
        return location;
    }

    private <T> T inTransaction(ConnectionPool pool, SqlWork<T> work) {
        if (closed.get()) {
            throw new IllegalStateException("the database is closed");
        }
        Connection connection = pool.borrow();
        boolean usable = false;
        try {
            T result = work.run(connection);
            connection.commit();
            usable = true;
            return result;
        } catch (SQLException failed) {
            usable = rollback(connection, failed);
            throw new StorageException(problemOf(failed), "the database " + location + " failed: "
                    + redact(failed.getMessage()), failed);
        } catch (RuntimeException failed) {
            usable = rollback(connection, failed);
            throw failed;
        } finally {
            pool.back(connection, usable);
        }
    }

    private static Problem problemOf(SQLException failed) {
        String state = failed.getSQLState();
        if ("53100".equals(state)) {
            return Problem.FULL;
        }
        return "XX001".equals(state) || "XX002".equals(state) ? Problem.CORRUPT : Problem.UNAVAILABLE;
    }

    /** Rolls back after {@code cause}; returns whether the connection is still good for more work. */
    private static boolean rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
            return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
        } catch (SQLException failed) {
            cause.addSuppressed(failed);
            return false;
        }
    }

    private static Connection connect(PGSimpleDataSource source, boolean forReading) throws SQLException {
        Connection connection = source.getConnection();
        try {
            if (forReading) {
                connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                connection.setReadOnly(true);
            }
            // The driver begins a transaction only with the first statement, so an idle connection holds none.
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException failed) {
            connection.close();
            throw failed;
        }
    }

    private static void migrate(PGSimpleDataSource source, String location) {
        // Flyway takes this logger only when no logging library it prefers is on the class path.
        LogFactory.setFallbackLogCreator(new FlywayLogBridge());
        try {
            int applied = Flyway.configure(PostgresDatabase.class.getClassLoader())
                    .dataSource(source)
                    .locations("classpath:db/postgresql")
                    .javaMigrations(new LogLinesToBlocks())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate()
                    .migrationsExecuted;
            LOG.log(Level.DEBUG, "applied {0} migration(s) to {1}", applied, location);
        } catch (FlywayException failed) {
            // Flyway's message may quote the URL, and with it a password given there: the cause stays out.
            throw new IllegalStateException("cannot migrate the database " + location + ": "
                    + redact(failed.getMessage()), null);
        }
    }

    /** {@code text} with the value of every {@code password=} parameter masked. */
    static String redact(String text) {
        return text == null ? null : PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
    }
}
