package org.prismq.runner.adapters.persistence.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRunDeletion;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.DatabaseSize;
import org.prismq.runner.application.port.out.RunDeletionContract;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunStatus;
import org.sqlite.SQLiteConfig;

class SqliteRunDeletionTest extends RunDeletionContract {

    @TempDir
    Path dataDirectory;

    private SqliteDatabase database;

    @Override
    protected Stores newStores() {
        database = SqliteDatabase.open(dataDirectory);
        return new Stores(new JdbcRuns(database), new BlockLogStore(database), new JdbcRunDeletion(database));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void deletedRunsGiveTheirPagesBack() {
        Run big = ended("run-big", ALPHA, T0, RunStatus.COMPLETED);
        withLines(big, 50_000);
        DatabaseSize before = database.databaseSize();

        deletion.deleteNamed(Set.of(big.id()));

        DatabaseSize after = database.databaseSize();
        assertEquals(0, after.freeBytes(), "free pages are cut off the file, not kept");
        assertTrue(after.sizeBytes() < before.sizeBytes() / 4, before + " then " + after);
    }

    /** What a user measures: the file on disk, not only the database's own count of pages. */
    @Test
    void theFileOnDiskShrinksRightAfterADeletion() throws Exception {
        Run big = ended("run-big", ALPHA, T0, RunStatus.COMPLETED);
        withLines(big, 50_000);
        database.shrinkFile();
        long before = fileBytes();

        deletion.deleteNamed(Set.of(big.id()));

        long after = fileBytes();
        assertTrue(after < before / 4, "the database file and its log took " + before + " bytes, then " + after);
    }

    /** The database file, its log, and the files of log lines beside them. */
    private long fileBytes() throws Exception {
        long bytes = 0;
        for (String name : List.of("prismq.db", "prismq.db-wal")) {
            Path file = dataDirectory.resolve(name);
            bytes += Files.exists(file) ? Files.size(file) : 0;
        }
        return bytes + LogFolder.bytes(dataDirectory);
    }

    @Test
    void aDatabaseMadeWithoutAutoVacuumIsRebuiltWithIt() throws Exception {
        database.close();
        String url = "jdbc:sqlite:" + dataDirectory.resolve("prismq.db");
        try (Connection connection = new SQLiteConfig().createConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA auto_vacuum = NONE");
            statement.execute("VACUUM");
            assertEquals(0, autoVacuum(statement), "the database as an earlier version made it");
        }

        database = SqliteDatabase.open(dataDirectory);

        try (Connection connection = new SQLiteConfig().createConnection(url);
                Statement statement = connection.createStatement()) {
            assertEquals(2, autoVacuum(statement), "incremental");
        }
    }

    private static int autoVacuum(Statement statement) throws Exception {
        try (ResultSet mode = statement.executeQuery("PRAGMA auto_vacuum")) {
            mode.next();
            return mode.getInt(1);
        }
    }
}
