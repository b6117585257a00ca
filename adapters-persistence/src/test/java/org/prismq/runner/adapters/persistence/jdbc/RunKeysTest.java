package org.prismq.runner.adapters.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.run.RunId;

class RunKeysTest {

    @Test
    void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        RunKeys keys = new RunKeys(2);
        keys.put(new RunId("a"), 1);
        keys.put(new RunId("b"), 2);
        keys.get(new RunId("a"));
        keys.put(new RunId("c"), 3);

        assertEquals(OptionalLong.of(1), keys.get(new RunId("a")));
        assertTrue(keys.get(new RunId("b")).isEmpty());
        assertEquals(OptionalLong.of(3), keys.get(new RunId("c")));
    }
}
