package org.prismq.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    private static final String[] NONE = {};

    @Test
    void withoutAPostgresqlTheVariantIsOff() {
        assertNull(BenchOptions.parse(NONE, Map.<String, String>of()::get).postgres());
    }

    @Test
    void thePostgresqlComesFromTheTestsVariablesAndTheOptionsWin() {
        Map<String, String> environment = Map.of("PRISMQ_TEST_POSTGRES_URL", "jdbc:postgresql://db/a",
                "PRISMQ_TEST_POSTGRES_USER", "alice", "PRISMQ_TEST_POSTGRES_PASSWORD", "secret");

        assertEquals(new BenchOptions.PostgresTarget("jdbc:postgresql://db/a", "alice", "secret"),
                BenchOptions.parse(NONE, environment::get).postgres());
        assertEquals(new BenchOptions.PostgresTarget("jdbc:postgresql://db/b", "bob", "secret"),
                BenchOptions.parse(new String[] {"--postgres-url", "jdbc:postgresql://db/b", "--postgres-user", "bob"},
                        environment::get).postgres());
    }

    @Test
    void theTargetsTextNeverShowsThePassword() {
        String text = new BenchOptions.PostgresTarget("jdbc:postgresql://db/a", "alice", "secret").toString();

        assertFalse(text.contains("secret"), text);
    }
}
