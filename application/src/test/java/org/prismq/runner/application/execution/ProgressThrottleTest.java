package org.prismq.runner.application.execution;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ProgressThrottleTest {

    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void progressIsSavedAtOnceThenAtMostOncePerInterval() {
        ProgressThrottle throttle = new ProgressThrottle(Duration.ofSeconds(1));

        assertTrue(throttle.due(START), "the first change is saved");
        assertFalse(throttle.due(START.plusMillis(999)));
        assertTrue(throttle.due(START.plusSeconds(1)));
        assertFalse(throttle.due(START.plusMillis(1500)), "the interval counts from the last save");
        assertTrue(throttle.due(START.plusSeconds(2)));
    }
}
