package org.prismq.runner.adapters.persistence.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRunDeletion;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.application.port.out.RunDeletionContract;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunStatus;

class PostgresRunDeletionTest extends RunDeletionContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private PostgresDatabase database;

    @Override
    protected Stores newStores() {
        database = POSTGRES.open();
        return new Stores(new JdbcRuns(database), new BlockLogStore(database), new JdbcRunDeletion(database));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void theRowsOfADeletedRunAreGone() {
        Run done = ended("run-1", ALPHA, T0, RunStatus.COMPLETED);
        withLines(done, 2000);

        deletion.deleteNamed(Set.of(done.id()));

        long lines = database.read(connection -> {
            try (var query = connection.prepareStatement("SELECT COUNT(*) FROM log_blocks");
                    var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
        assertTrue(lines == 0, lines + " blocks of lines left");
        assertTrue(database.databaseSize().sizeBytes() > 0);
    }
}
