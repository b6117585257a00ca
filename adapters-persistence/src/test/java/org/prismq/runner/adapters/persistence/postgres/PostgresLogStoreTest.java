package org.prismq.runner.adapters.persistence.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.LogStoreContract;

class PostgresLogStoreTest extends LogStoreContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private PostgresDatabase database;

    @Override
    protected Stores newStores() {
        database = POSTGRES.open();
        return new Stores(new JdbcRuns(database), new BlockLogStore(database));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
