package org.prismq.runner.adapters.persistence.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.LogFactory;
import org.prismq.runner.adapters.persistence.jdbc.FlywayLogBridge;
import org.prismq.runner.adapters.persistence.jdbc.JdbcDatabase;
import org.prismq.runner.adapters.persistence.jdbc.SqlDialect;
import org.prismq.runner.adapters.persistence.jdbc.SqlWork;
import org.prismq.runner.adapters.persistence.jdbc.StorageException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The service's SQLite database: the file {@code prismq.db} in a data directory, brought to the current schema
 * by the Flyway migrations on the class path under {@code db/migration} when it is opened.
 *
 * <p>The database runs in WAL mode with {@code synchronous=NORMAL}, so a write is durable once committed
 * unless the operating system itself crashes, and reads run beside the one write at a time. Writes go through a
 * single connection guarded by a lock; reads take one of a few read connections. No connection is bound to a
 * thread, so callers may be virtual threads.
 *
 * <p>Thread-safe. The owner closes it once every store built on it is done; {@link #close()} then checkpoints
 * the write-ahead log into the database file and closes every connection. While it is open the directory also
 * holds {@code prismq.db-wal} and {@code prismq.db-shm}; on Windows none of these files can be deleted or moved
 * until it is closed.
 */
public final class SqliteDatabase implements JdbcDatabase, AutoCloseable {

    private static final String FILE_NAME = "prismq.db";
    private static final SqlDialect DIALECT = new SqliteDialect();

    private static final System.Logger LOG = System.getLogger(SqliteDatabase.class.getName());
    private static final int READ_CONNECTIONS = 4;
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final Path file;
    private final Connection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReadPool readers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteDatabase(Path file, Connection writer, ReadPool readers) {
        this.file = file;
        this.writer = writer;
        this.readers = readers;
    }

    /**
     * Opens (creating it if need be) the database in {@code dataDirectory}, which is created too if missing,
     * and applies any migration it lacks.
     *
     * @throws UncheckedIOException when the directory cannot be created
     * @throws IllegalStateException when the file is not a database of this service or a migration fails
     */
    public static SqliteDatabase open(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory, failed);
        }
        Path file = dataDirectory.resolve(FILE_NAME).toAbsolutePath();
        String url = "jdbc:sqlite:" + file;
        migrate(url);
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writer = writeConfig().createConnection(url);
            opened.add(writer);
            for (int i = 0; i < READ_CONNECTIONS; i++) {
                opened.add(readConfig().createConnection(url));
            }
            LOG.log(Level.DEBUG, "opened {0}", file);
            return new SqliteDatabase(file, writer, new ReadPool(opened.subList(1, opened.size()), CLOSE_GRACE));
        } catch (SQLException failed) {
            opened.forEach(SqliteDatabase::closeQuietly);
            throw new IllegalStateException("cannot open the database " + file + ": " + failed.getMessage(),
                    failed);
        }
    }

    /** SQLite's: instants as epoch microseconds, text as given, lines by a batched insert. */
    @Override
    public SqlDialect dialect() {
        return DIALECT;
    }

    /**
     * Runs {@code work} on the write connection inside one immediate transaction, committed when the work
     * returns and rolled back when it throws. One write at a time; reads go on meanwhile.
     */
    @Override
    public <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException("the database is closed");
            }
            return inTransaction(writer, work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} on a read connection inside one transaction: it sees one consistent snapshot. */
    @Override
    public <T> T read(SqlWork<T> work) {
        Connection reader = readers.borrow();
        try {
            return inTransaction(reader, work);
        } finally {
            readers.back(reader);
        }
    }

    /** Checkpoints the write-ahead log and closes every connection. Does nothing when already closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        readers.close();
        writeLock.lock();
        try (Statement statement = writer.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException failed) {
            LOG.log(Level.WARNING, "checkpointing " + file + " at close failed", failed);
        } finally {
            closeQuietly(writer);
            writeLock.unlock();
        }
        LOG.log(Level.DEBUG, "closed {0}", file);
    }

    private static <T> T inTransaction(Connection connection, SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException failed) {
                rollback(connection, failed);
                throw failed;
            } finally {
                // Outside a transaction the connection holds no lock and no snapshot while it waits for work.
                connection.setAutoCommit(true);
            }
        } catch (SQLException failed) {
            throw new StorageException("database work failed: " + failed.getMessage(), failed);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException failed) {
            cause.addSuppressed(failed);
        }
    }

    private static void migrate(String url) {
        // Flyway takes this logger only when no logging library it prefers is on the class path.
        LogFactory.setFallbackLogCreator(new FlywayLogBridge());
        SQLiteConfig config = writeConfig();
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        try {
            int applied = Flyway.configure(SqliteDatabase.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .javaMigrations(new LogLinesToBlocks())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate()
                    .migrationsExecuted;
            LOG.log(Level.DEBUG, "applied {0} migration(s) to {1}", applied, url);
        } catch (FlywayException failed) {
            throw new IllegalStateException("cannot migrate the database " + url + ": " + failed.getMessage(),
                    failed);
        }
    }

    private static SQLiteConfig writeConfig() {
        SQLiteConfig config = commonConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    private static SQLiteConfig readConfig() {
        SQLiteConfig config = commonConfig();
        config.setReadOnly(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.DEFERRED);
        return config;
    }

    private static SQLiteConfig commonConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        return config;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException failed) {
            LOG.log(Level.WARNING, "closing a connection failed", failed);
        }
    }
}
