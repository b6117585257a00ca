package org.prismq.runner.adapters.persistence.sqlite;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.LogStoreContract;

class SqliteLogStoreTest extends LogStoreContract {

    @TempDir
    Path dataDirectory;

    private SqliteDatabase database;

    @Override
    protected Stores newStores() {
        database = SqliteDatabase.open(dataDirectory);
        return new Stores(new JdbcRuns(database), new BlockLogStore(database));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
