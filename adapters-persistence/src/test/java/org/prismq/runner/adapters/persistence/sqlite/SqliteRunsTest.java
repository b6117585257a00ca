package org.prismq.runner.adapters.persistence.sqlite;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.RunsContract;

class SqliteRunsTest extends RunsContract {

    @TempDir
    Path dataDirectory;

    private SqliteDatabase database;

    @Override
    protected Runs newRuns() {
        database = SqliteDatabase.open(dataDirectory);
        return new JdbcRuns(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
