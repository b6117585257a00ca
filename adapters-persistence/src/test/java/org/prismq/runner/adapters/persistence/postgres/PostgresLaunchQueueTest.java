package org.prismq.runner.adapters.persistence.postgres;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.LaunchQueueContract;

class PostgresLaunchQueueTest extends LaunchQueueContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private PostgresDatabase database;

    @Override
    protected Fixture newFixture() {
        database = POSTGRES.open();
        JdbcRuns runs = new JdbcRuns(database);
        return new Fixture(new PostgresLaunchQueue(database, runs), runs);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }
}
