package org.prismq.runner.application.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.port.in.RunnerException;

class RunSlotsTest {

    private final RunSlots slots = new RunSlots(2, 5);

    @Test
    void atMostMaxConcurrentSlotsAreTakenAndAFreedOneCanBeTakenAgain() {
        assertTrue(slots.reserve());
        assertTrue(slots.reserve());
        assertFalse(slots.reserve());

        slots.release();

        assertTrue(slots.reserve());
    }

    @Test
    void aRunThatFindsAFreeSlotDoesNotCountAgainstTheQueue() {
        assertEquals(7, slots.queueCapacity());
        slots.reserve();
        assertEquals(6, slots.queueCapacity());
        slots.reserve();
        assertEquals(5, slots.queueCapacity());
    }

    @Test
    void onceClosedNoSlotIsTakenAndNoRunAcceptedAndOnlyTheFirstCloseCounts() {
        assertTrue(slots.close());
        assertFalse(slots.close());

        assertFalse(slots.reserve());
        assertThrows(RunnerException.ShuttingDown.class, slots::queueCapacity);
    }
}
