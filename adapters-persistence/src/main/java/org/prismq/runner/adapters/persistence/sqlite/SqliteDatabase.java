package org.prismq.runner.adapters.persistence.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.logging.LogFactory;
import org.prismq.runner.adapters.persistence.jdbc.BlockFiles;
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
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The service's SQLite database: the file {@code prismq.db} in a data directory, brought to the current schema
 * by the Flyway migrations on the class path under {@code db/migration} when it is opened.
 *
 * <p>The database runs in WAL mode with {@code synchronous=NORMAL}, so a write is durable once committed
 * unless the operating system itself crashes, and reads run beside the one write at a time. Writes go through a
 * single connection guarded by a lock; reads take one of a few read connections. No connection is bound to a
 * thread, so callers may be virtual threads. The write-ahead log is copied into the file by a thread of its own
 * ({@link WalCheckpointer}), never inside a commit.
 *
 * <p>A failure to store (a full disk: {@code SQLITE_FULL}, an I/O error) reaches the caller as a
 * {@link StorageException} of the matching {@link Problem}, with SQLite's own error as its cause and any error of
 * the rollback that followed as suppressed; nothing of the failed transaction is stored, and what was stored before
 * stays readable. A connection that a failure left in a state SQLite cannot continue from is replaced, so writes
 * work again as soon as there is room, without a restart. The outcome of the last write is this database's
 * {@link StorageHealth}.
 *
 * <p>The database is in incremental auto-vacuum mode: pages freed by deleting runs are cut off the end of the
 * file by the deletion ({@code PRAGMA incremental_vacuum}), and the file shrinks at the checkpoint that follows
 * it ({@link #shrinkFile}). A database
 * made before this mode existed is rebuilt once, by a {@code VACUUM} when it is opened (which needs as much free
 * disk space as the file takes, for a moment); the write-ahead log is cut back to
 * {@value #JOURNAL_SIZE_LIMIT_BYTES} bytes after each checkpoint.
 *
 * <p>The lines of the log blocks appended to it are kept in files beside it, in the folder {@code logs}
 * ({@link LogSegments}, offered to {@link org.prismq.runner.adapters.persistence.jdbc.BlockLogStore} as its
 * {@link #blockFiles()}): opening the database checks them against its rows, a deletion of runs deletes the files
 * no row names any more, and each checkpoint syncs them first.
 *
 * <p>Thread-safe. The owner closes it once every store built on it is done; {@link #close()} then syncs the files
 * of lines, checkpoints the write-ahead log into the database file and closes every connection. While it is open
 * the directory also holds {@code prismq.db-wal} and {@code prismq.db-shm}; on Windows none of these files can be
 * deleted or moved until it is closed.
 */
public final class SqliteDatabase implements JdbcDatabase, StorageHealth, DatabaseSize.Source, AutoCloseable {

    private static final String FILE_NAME = "prismq.db";
    private static final SqlDialect DIALECT = new SqliteDialect();

    private static final System.Logger LOG = System.getLogger(SqliteDatabase.class.getName());
    private static final int READ_CONNECTIONS = 4;
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    private static final int AUTO_VACUUM_INCREMENTAL = 2;
    /**
     * The size the log's file is cut back to when it starts over: that of a log the checkpoint thread restarts,
     * so that a busy log is written over blocks the file already has.
     */
    private static final int JOURNAL_SIZE_LIMIT_BYTES = 32 << 20;
    /** How long a restart of the log waits for a commit or a reader before it gives up until later. */
    private static final int CHECKPOINT_WAIT_MILLIS = 100;
    /**
     * The page size of a new database file. Log blocks are tens of KiB: at 4 KiB pages (SQLite's default) storing
     * one took a write for each page and its frame header, and so did the checkpoint; at 16 KiB a stored line costs
     * about half the CPU. A commit of a few lines writes at least one page, so pages are not made larger still.
     */
    static final int PAGE_SIZE_BYTES = 16 * 1024;
    /** The write-ahead log is checkpointed once it holds this many pages: SQLite's own default. */
    private static final int CHECKPOINT_PAGES = 1000;
    /** How much of the file a {@link #scan} maps: address space only, the pages are the file system's cache. */
    static final long SCAN_MMAP_BYTES = 1L << 30;
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private final Path file;
    private final String url;
    /** Held by every write, and by the checkpointer's restarts of the log, to which it is handed fairly. */
    private final ReentrantLock writeLock = WalCheckpointer.newCommitLock();
    /** Guarded by {@link #writeLock}; null after a failure broke it, until the next write opens another. */
    private Connection writer;
    private final ReadPool readers;
    private final WalCheckpointer checkpointer;
    private final LogSegments segments;
    private final WriteHealth health;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param checkpoints the connection of the {@link WalCheckpointer}, which closes it */
    private SqliteDatabase(Path file, String url, Connection writer, ReadPool readers, Connection checkpoints,
            LogSegments segments) {
        this.file = file;
        this.url = url;
        this.writer = writer;
        this.readers = readers;
        this.segments = segments;
        this.checkpointer = new WalCheckpointer(checkpoints, file, CHECKPOINT_PAGES, writeLock, segments::sync);
        this.health = new WriteHealth("the database " + file, Clock.systemUTC());
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
        prepareFile(file, url);
        migrate(url);
        List<Connection> opened = new ArrayList<>();
        try {
            Connection writer = openWriter(url);
            opened.add(writer);
            LogSegments segments = openSegments(file, writer);
            Connection checkpoints = checkpointConfig().createConnection(url);
            opened.add(checkpoints);
            for (int i = 0; i < READ_CONNECTIONS; i++) {
                opened.add(readConfig().createConnection(url));
            }
            LOG.log(Level.DEBUG, "opened {0}", file);
            return new SqliteDatabase(file, url, writer, new ReadPool(opened.subList(2, opened.size()), CLOSE_GRACE),
                    checkpoints, segments);
        } catch (SQLException failed) {
            opened.forEach(SqliteDatabase::closeQuietly);
            throw new IllegalStateException("cannot open the database " + file + ": " + failed.getMessage(),
                    failed);
        } catch (RuntimeException failed) {
            opened.forEach(SqliteDatabase::closeQuietly);
            throw failed;
        }
    }

    /**
     * The files of log lines beside the database (see {@link LogSegments}), checked against its rows in one
     * transaction on {@code writer}.
     */
    private static LogSegments openSegments(Path file, Connection writer) throws SQLException {
        writer.setAutoCommit(false);
        try {
            LogSegments segments = LogSegments.open(file, writer);
            writer.commit();
            return segments;
        } catch (SQLException | RuntimeException failed) {
            rollback(writer, failed);
            throw failed;
        } finally {
            writer.setAutoCommit(true);
        }
    }

    /** The folder {@code logs} beside the database file, where appended blocks keep their lines. */
    @Override
    public Optional<BlockFiles> blockFiles() {
        return Optional.of(segments);
    }

    LogSegments segments() {
        return segments;
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
            Connection connection = writer();
            try {
                T result = inTransaction(connection, work);
                health.succeeded();
                checkpointer.written();
                return result;
            } catch (StorageException failed) {
                health.failed(failed);
                throw failed;
            } finally {
                if (!inAutoCommit(connection)) {
                    writer = null;
                    closeQuietly(connection);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * A read with the file mapped into memory ({@code PRAGMA mmap_size}) for the time of the work, which halves the
     * time of a search through a whole log whose lines are in the database (those stored before the log files):
     * SQLite then reads pages in place instead of copying each. The mapping is undone afterwards, so the service's
     * resident memory does not keep the pages it touched. Not on Windows, which cannot shrink a file while it is
     * mapped, so a deletion would give no space back meanwhile.
     */
    @Override
    public <T> T scan(SqlWork<T> work) {
        return onReader(work, WINDOWS ? 0 : SCAN_MMAP_BYTES);
    }

    /** Sets how much of the file {@code reader} maps; whether it could (a failure is logged, not thrown). */
    private boolean mapFile(Connection reader, long bytes) {
        try (Statement statement = reader.createStatement()) {
            statement.execute("PRAGMA mmap_size = " + bytes);
            return true;
        } catch (SQLException failed) {
            LOG.log(Level.WARNING, "mapping " + file + " for a read failed: " + failed);
            return false;
        }
    }

    /** Runs {@code work} on a read connection inside one transaction: it sees one consistent snapshot. */
    @Override
    public <T> T read(SqlWork<T> work) {
        return onReader(work, 0);
    }

    /**
     * Runs {@code work} on a read connection inside one transaction, with {@code mapBytes} of the file mapped
     * meanwhile when more than 0. A connection left in a transaction, or still mapping, is replaced.
     */
    private <T> T onReader(SqlWork<T> work, long mapBytes) {
        Connection reader = readers.borrow();
        boolean mapped = false;
        try {
            mapped = mapBytes > 0 && mapFile(reader, mapBytes);
            return inTransaction(reader, work);
        } finally {
            if (mapped && !mapFile(reader, 0)) {
                reader = replacedReader(reader);
            }
            readers.back(inAutoCommit(reader) ? reader : replacedReader(reader));
        }
    }

    /** Whether the last write stored, or failed and why: the outcome of the latest {@link #write}. */
    @Override
    public StorageState state() {
        return health.state();
    }

    /**
     * The file's pages times the page size, and of those the free ones: a snapshot of the last commit, the
     * write-ahead log not counted.
     */
    @Override
    public DatabaseSize databaseSize() {
        return read(connection -> {
            long pageSize = pragma(connection, "page_size");
            return new DatabaseSize(pragma(connection, "page_count") * pageSize + segments.totalBytes(),
                    pragma(connection, "freelist_count") * pageSize);
        });
    }

    /**
     * Deletes the files of log lines that no row names any more (those of deleted runs), and checkpoints the
     * write-ahead log, which cuts off the end of the file that a deletion's incremental vacuum freed; a reader still
     * on an older snapshot only leaves part of it for the next checkpoint.
     */
    @Override
    public void shrinkFile() {
        writeLock.lock();
        try (Statement statement = writer().createStatement()) {
            segments.deleteUnused(writer());
            segments.sync();
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException | StorageException | IllegalStateException failed) {
            LOG.log(Level.WARNING, "checkpointing " + file + " after a deletion failed: " + failed);
        } finally {
            writeLock.unlock();
        }
    }

    /** Checkpoints the write-ahead log and closes every connection. Does nothing when already closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        checkpointer.close();
        readers.close();
        segments.close();
        writeLock.lock();
        try (Statement statement = writer().createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException | StorageException failed) {
            LOG.log(Level.WARNING, "checkpointing " + file + " at close failed", failed);
        } finally {
            if (writer != null) {
                closeQuietly(writer);
            }
            writeLock.unlock();
        }
        LOG.log(Level.DEBUG, "closed {0}", file);
    }

    /** The write connection, opened anew when a failure broke the last one. Call under the write lock. */
    private Connection writer() {
        if (writer == null) {
            try {
                writer = openWriter(url);
                LOG.log(Level.INFO, "reopened the write connection of {0}", file);
            } catch (SQLException failed) {
                throw failure(file, failed);
            }
        }
        return writer;
    }

    /** A new read connection in place of {@code broken}, which is closed; {@code broken} if none can be opened. */
    private Connection replacedReader(Connection broken) {
        try {
            Connection fresh = readConfig().createConnection(url);
            closeQuietly(broken);
            return fresh;
        } catch (SQLException failed) {
            LOG.log(Level.WARNING, "cannot replace a broken read connection of " + file, failed);
            return broken;
        }
    }

    /**
     * Runs {@code work} in a transaction. The first failure is the one reported: a failed rollback, or a failed
     * return to auto-commit (which, after SQLite rolled a transaction back by itself, says only "cannot commit -
     * no transaction is active"), is added to it as suppressed.
     */
    private <T> T inTransaction(Connection connection, SqlWork<T> work) {
        try {
            connection.setAutoCommit(false);
        } catch (SQLException failed) {
            throw failure(file, failed);
        }
        Exception failure = null;
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException failed) {
            failure = failed;
            rollback(connection, failed);
            throw failure(file, failed);
        } catch (RuntimeException failed) {
            failure = failed;
            rollback(connection, failed);
            throw failed;
        } finally {
            endTransaction(connection, failure);
        }
    }

    /** Outside a transaction the connection holds no lock and no snapshot while it waits for work. */
    private void endTransaction(Connection connection, Exception failure) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException failed) {
            if (failure != null) {
                failure.addSuppressed(failed);
            } else {
                LOG.log(Level.WARNING, "a committed transaction on " + file + " left its connection unusable",
                        failed);
            }
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException failed) {
            cause.addSuppressed(failed);
        }
    }

    private static boolean inAutoCommit(Connection connection) {
        try {
            return connection.getAutoCommit();
        } catch (SQLException closedAlready) {
            return false;
        }
    }

    /** SQLite's error as this module's storage failure, saying what failed in SQLite's words. */
    static StorageException failure(Path file, SQLException failed) {
        Problem problem = problemOf(failed);
        String what = switch (problem) {
            case FULL -> "the database " + file + " is full (no space left on its disk, or at its size limit)";
            case CORRUPT -> "the database " + file + " is damaged";
            case UNAVAILABLE -> "the database " + file + " failed";
        };
        return new StorageException(problem, what + ": " + failed.getMessage(), failed);
    }

    private static Problem problemOf(SQLException failed) {
        if (failed instanceof SQLiteException sqlite) {
            int primary = sqlite.getResultCode().code & 0xff;
            if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
                return Problem.FULL;
            }
            if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
                return Problem.CORRUPT;
            }
        }
        return Problem.UNAVAILABLE;
    }

    /**
     * Readies the file before the migrations: a new file gets {@value #PAGE_SIZE_BYTES}-byte pages, and every file is
     * put in incremental auto-vacuum mode. Both take effect only by a {@code VACUUM}, which rebuilds the file and
     * cannot run inside a transaction (so not in a migration): done here, once. The connection leaves the journal
     * mode alone: a page size can no longer be set once a file is in WAL mode, so a file made before keeps its pages.
     */
    private static void prepareFile(Path file, String url) {
        try (Connection connection = commonConfig().createConnection(url);
                Statement statement = connection.createStatement()) {
            if (pragma(connection, "auto_vacuum") == AUTO_VACUUM_INCREMENTAL) {
                return;
            }
            try (ResultSet tables = statement.executeQuery("SELECT COUNT(*) FROM sqlite_schema")) {
                if (tables.next() && tables.getLong(1) > 0) {
                    LOG.log(Level.INFO, "rebuilding {0} once so that deleted runs give their space back", file);
                } else {
                    statement.execute("PRAGMA page_size = " + PAGE_SIZE_BYTES);
                }
            }
            statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
            statement.execute("VACUUM");
        } catch (SQLException failed) {
            throw new IllegalStateException("cannot set up the database " + file + ": " + failed.getMessage(),
                    failed);
        }
    }

    private static long pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            return row.next() ? row.getLong(1) : 0;
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

    /** The write connection: it never checkpoints by itself, the {@link WalCheckpointer} does. */
    private static Connection openWriter(String url) throws SQLException {
        Connection writer = writeConfig().createConnection(url);
        try (Statement statement = writer.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = 0");
        } catch (SQLException failed) {
            closeQuietly(writer);
            throw failed;
        }
        return writer;
    }

    private static SQLiteConfig writeConfig() {
        SQLiteConfig config = commonConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT_BYTES);
        // A statement that may fail midway keeps the pages it changes in a statement journal. Kept in a file, that
        // journal passed its in-memory limit at every block inserted and cost a temporary file created, written
        // and deleted at every commit; in memory it holds the few pages one statement changes.
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return config;
    }

    /** A restart of the log holds commits back while it waits: not for longer than a short pause of the output. */
    private static SQLiteConfig checkpointConfig() {
        SQLiteConfig config = commonConfig();
        config.setBusyTimeout(CHECKPOINT_WAIT_MILLIS);
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
