package org.prismq.runner.adapters.persistence.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prismq.runner.adapters.persistence.jdbc.JdbcModuleConfigs;
import org.prismq.runner.application.port.out.ModuleConfigs;
import org.prismq.runner.application.port.out.ModuleConfigsContract;

class PostgresModuleConfigsTest extends ModuleConfigsContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private PostgresDatabase database;

    @Override
    protected ModuleConfigs newModuleConfigs() {
        database = POSTGRES.open();
        return new JdbcModuleConfigs(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
