package org.prismq.runner.adapters.persistence.sqlite;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.adapters.persistence.jdbc.JdbcModuleConfigs;
import org.prismq.runner.application.port.out.ModuleConfigs;
import org.prismq.runner.application.port.out.ModuleConfigsContract;

class SqliteModuleConfigsTest extends ModuleConfigsContract {

    @TempDir
    Path dataDirectory;

    private SqliteDatabase database;

    @Override
    protected ModuleConfigs newModuleConfigs() {
        database = SqliteDatabase.open(dataDirectory);
        return new JdbcModuleConfigs(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
