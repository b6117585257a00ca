package org.prismq.runner.adapters.persistence.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.RunsContract;

class PostgresRunsTest extends RunsContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private PostgresDatabase database;

    @Override
    protected Runs newRuns() {
        database = POSTGRES.open();
        return new JdbcRuns(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
