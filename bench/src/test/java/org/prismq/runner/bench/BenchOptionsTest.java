package org.prismq.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void captureRunsFollowTwoWarmUpRunsUnlessQuickOrToldOtherwise() {
        assertEquals(2, BenchOptions.parse(NONE, Map.<String, String>of()::get).captureWarmup());
        assertEquals(0, BenchOptions.parse(new String[] {"--quick"}, Map.<String, String>of()::get).captureWarmup());
        assertEquals(0, BenchOptions.parse(new String[] {"--warmup", "0"}, Map.<String, String>of()::get)
                .captureWarmup());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--warmup", "-1"}, Map.<String, String>of()::get));
        assertEquals("--warmup must be at least 0, was -1", negative.getMessage());
    }

    @Test
    void liveRunsLeadInForTwoSecondsUnlessQuickOrToldOtherwise() {
        assertEquals(2, BenchOptions.parse(NONE, Map.<String, String>of()::get).leadInSeconds());
        assertEquals(1, BenchOptions.parse(new String[] {"--quick"}, Map.<String, String>of()::get)
                .leadInSeconds());
        assertEquals(0, BenchOptions.parse(new String[] {"--lead-in-seconds", "0"}, Map.<String, String>of()::get)
                .leadInSeconds());
    }

    @Test
    void theReadersAreReadByTwoLoopsUnlessToldOtherwise() {
        BenchOptions defaults = BenchOptions.parse(NONE, Map.<String, String>of()::get);
        assertEquals(BenchOptions.Readers.LOOP, defaults.readers());
        assertEquals(2, defaults.readLoops());
        BenchOptions told = BenchOptions.parse(new String[] {"--readers", "Platform", "--read-loops", "3"},
                Map.<String, String>of()::get);
        assertEquals(BenchOptions.Readers.PLATFORM, told.readers());
        assertEquals(3, told.readLoops());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--readers", "fibers"}, Map.<String, String>of()::get));
        assertEquals("--readers takes loop, virtual or platform, got fibers", unknown.getMessage());
    }
}
