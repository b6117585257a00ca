package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class ConnectionBudgetTest {

    @Test
    void theDefaultCapIsHalfTheDescriptorLimit() {
        ConnectionBudget budget = ConnectionBudget.choose(null, 20_000, 60);

        assertEquals(10_000, budget.maxConnections());
        assertEquals(10_000, budget.reserve());
        assertFalse(budget.configured());
        assertFalse(budget.tight());
        assertEquals(512, ConnectionBudget.choose(null, 1_024, 60).maxConnections());
        assertEquals(128, ConnectionBudget.choose(null, 256, 60).maxConnections());
    }

    @Test
    void theDefaultCapStaysWithinItsCeilingAndFloor() {
        assertEquals(ConnectionBudget.DEFAULT_CEILING, ConnectionBudget.choose(null, 1_048_576, 60).maxConnections());
        assertEquals(ConnectionBudget.FLOOR, ConnectionBudget.choose(null, 20, 10).maxConnections());
    }

    @Test
    void anUnknownLimitGetsTheCeiling() {
        ConnectionBudget budget = ConnectionBudget.choose(null, -1, -1);

        assertEquals(ConnectionBudget.DEFAULT_CEILING, budget.maxConnections());
        assertFalse(budget.tight());
        assertTrue(budget.describe().contains("unknown"), budget.describe());
    }

    @Test
    void aConfiguredCapWinsAndIsToldWhenItLeavesTooFewDescriptors() {
        ConnectionBudget roomy = ConnectionBudget.choose(300, 20_000, 60);
        ConnectionBudget tight = ConnectionBudget.choose(19_900, 20_000, 60);

        assertEquals(300, roomy.maxConnections());
        assertTrue(roomy.configured());
        assertTrue(tight.tight());
        assertTrue(tight.describe().contains("file-descriptor limit 20000, 60 open now, 100 left"),
                tight.describe());
        assertThrows(IllegalArgumentException.class, () -> ConnectionBudget.choose(0, 20_000, 60));
    }

    @Test
    void thisProcessHasALimitOnUnixLikeSystems() {
        ConnectionBudget budget = ConnectionBudget.ofThisProcess(null);

        if (!System.getProperty("os.name").startsWith("Windows")) {
            assertTrue(budget.descriptorLimit() > 0, budget.describe());
            assertTrue(budget.openDescriptors() > 0, budget.describe());
        }
        assertTrue(budget.maxConnections() >= ConnectionBudget.FLOOR);
    }

    @Test
    void theCapIsSetOnceAndAValueAlreadySetWins() {
        Properties fresh = new Properties();
        assertEquals(500, JdkServerLimits.applyMaxConnections(fresh, 500));
        assertEquals("500", fresh.getProperty(JdkServerLimits.MAX_CONNECTIONS));
        assertEquals(500, JdkServerLimits.applyMaxConnections(fresh, 900), "the JDK has read the first by then");

        Properties byUser = new Properties();
        byUser.setProperty(JdkServerLimits.MAX_CONNECTIONS, "0");
        assertEquals(0, JdkServerLimits.applyMaxConnections(byUser, 500));
        byUser.setProperty(JdkServerLimits.MAX_CONNECTIONS, "lots");
        assertEquals(-1, JdkServerLimits.applyMaxConnections(byUser, 500));
    }

    @Test
    void settingsRefuseACapBelowOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new HttpApiSettings("127.0.0.1", 0, null, null, null, null, "1", 0));
        assertEquals(null, new HttpApiSettings("127.0.0.1", 0, null, null, null, null, "1").maxConnections());
    }
}
