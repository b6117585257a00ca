package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.run.RunStatus;

/** A run's statuses, each heard by a follower only once it has the lines printed before it. */
class StatusHistoryTest {

    private final StatusHistory history = new StatusHistory(RunStatus.QUEUED, null, 0);

    @Test
    void aChangeIsDueOnlyOnceTheFollowerHasEveryLinePrintedBeforeIt() {
        history.add(RunStatus.RUNNING, null, 0);
        history.add(RunStatus.COMPLETED, 0, 5);

        assertEquals(RunStatus.RUNNING, history.dueAfter(0, 1).status());
        assertNull(history.dueAfter(1, 5), "line 5 came before the end");
        assertEquals(RunStatus.COMPLETED, history.dueAfter(1, 6).status());
        assertNull(history.dueAfter(2, 6), "nothing after the last change");
        assertFalse(history.endedFor(1));
        assertTrue(history.endedFor(2));
        assertEquals(2, history.lastIndex());
    }

    @Test
    void onlyStepsForwardAreTakenAndAQueuedRunMayBeSeenEndedAtOnce() {
        assertFalse(history.isStepForward(RunStatus.QUEUED));
        assertTrue(history.isStepForward(RunStatus.RUNNING));
        assertTrue(history.isStepForward(RunStatus.FAILED));
        assertTrue(history.skipsStart(RunStatus.FAILED, true));
        assertFalse(history.skipsStart(RunStatus.CANCELLED, false), "cancelled while it waited: never started");

        history.add(RunStatus.RUNNING, null, 0);

        assertFalse(history.isStepForward(RunStatus.RUNNING));
        assertFalse(history.isStepForward(RunStatus.QUEUED));
        assertFalse(history.skipsStart(RunStatus.COMPLETED, true));
    }
}
