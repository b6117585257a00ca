package org.prismq.runner.domain.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.prismq.runner.domain.catalog.ModuleId;

class RunTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final RunId ID = RunId.create(new ModuleId("demo"), T0, 0xabcdef12);

    private static Run queued() {
        return Run.queued(ID, new ModuleId("demo"), "Demo", Map.of("n", 3), T0);
    }

    @Test
    void newIdsFollowTheDocumentedFormat() {
        assertEquals("run_20261125_100000_demo_abcdef12", ID.value());
    }

    @Test
    void idsAreLimitedToSafeCharacters() {
        assertThrows(IllegalArgumentException.class, () -> new RunId("../etc/passwd"));
        assertThrows(IllegalArgumentException.class, () -> new RunId(""));
        assertThrows(IllegalArgumentException.class, () -> new RunId("a b"));
        assertEquals("run_x-1.2", new RunId("run_x-1.2").value());
    }

    @Test
    void aRunThatExitsWithZeroCompletesAndOtherCodesFail() {
        Run running = queued().start(T0.plusSeconds(1));

        Run completed = running.exited(0, "ignored", T0.plusSeconds(3));
        Run failed = running.exited(2, "exited with code 2", T0.plusSeconds(3));

        assertEquals(RunStatus.COMPLETED, completed.status());
        assertNull(completed.errorMessage());
        assertEquals(2.0, completed.durationSeconds(T0.plusSeconds(100)), 1e-9);
        assertEquals(RunStatus.FAILED, failed.status());
        assertEquals(2, failed.exitCode());
        assertEquals("exited with code 2", failed.errorMessage());
    }

    @Test
    void aRunningRunsDurationGrowsWithTheClockAndAQueuedOneHasNone() {
        Run running = queued().start(T0);
        assertEquals(5.5, running.durationSeconds(T0.plusMillis(5500)), 1e-9);
        assertNull(queued().durationSeconds(T0.plusSeconds(10)));
    }

    @ParameterizedTest
    @CsvSource({
        "QUEUED, RUNNING, true", "QUEUED, CANCELLED, true", "QUEUED, FAILED, true", "QUEUED, COMPLETED, false",
        "RUNNING, COMPLETED, true", "RUNNING, FAILED, true", "RUNNING, CANCELLED, true", "RUNNING, QUEUED, false",
        "COMPLETED, FAILED, false", "FAILED, RUNNING, false", "CANCELLED, COMPLETED, false",
        "COMPLETED, COMPLETED, false"
    })
    void onlyLegalTransitionsAreAllowed(RunStatus from, RunStatus to, boolean legal) {
        assertEquals(legal, from.canMoveTo(to));
    }

    @Test
    void anIllegalTransitionIsAnErrorNamingTheRunAndBothStates() {
        Run completed = queued().start(T0).exited(0, null, T0);

        IllegalRunTransitionException error = assertThrows(IllegalRunTransitionException.class,
                () -> completed.cancel(null, T0));
        assertTrue(error.getMessage().contains(ID.value()), error.getMessage());
        assertTrue(error.getMessage().contains("completed to cancelled"), error.getMessage());
        assertThrows(IllegalRunTransitionException.class, () -> queued().exited(0, null, T0));
    }

    @Test
    void parametersKeepTheirOrderAndCannotBeChanged() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("z", 1);
        parameters.put("a", "x");
        Run run = Run.queued(ID, new ModuleId("demo"), "Demo", parameters, T0);

        assertEquals(List.of("z", "a"), List.copyOf(run.parameters().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> run.parameters().put("b", 2));
    }

    @Test
    void statusWireNamesRoundTripAndUnknownOnesAreRejected() {
        for (RunStatus status : RunStatus.values()) {
            assertEquals(status, RunStatus.fromWireName(status.wireName()));
        }
        assertThrows(IllegalArgumentException.class, () -> RunStatus.fromWireName("done"));
    }
}
