package org.prismq.runner.application.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.domain.catalog.ModuleDefinition;

/** The one check of parameters, as a client's launch reports it and as a node starting a queued run does. */
class ParametersTest {

    private static final ModuleDefinition MODULE = TestModules.module("collect", List.of(
            TestModules.number("max_results", 10, 1.0, 100.0)));

    @Test
    void aLaunchReportsEveryInvalidParameter() {
        RunnerException.InvalidParameters invalid = assertThrows(RunnerException.InvalidParameters.class,
                () -> Parameters.resolve(MODULE, Map.of("max_results", 500, "colour", "red"), Map.of()));

        assertEquals(2, invalid.errors().size(), invalid.getMessage());
    }

    @Test
    void aRunQueuedElsewhereThatNoLongerFitsFailsToStartWithTheSameErrors() {
        Map<String, Object> values = Map.of("max_results", 500);
        RunnerException.InvalidParameters asLaunched = assertThrows(RunnerException.InvalidParameters.class,
                () -> Parameters.resolve(MODULE, values, Map.of()));

        LaunchFailedException failure = assertThrows(LaunchFailedException.class,
                () -> Parameters.recheck(MODULE, values));

        assertTrue(failure.getMessage().startsWith(
                "the parameters do not fit module 'collect' in this node's catalog: "), failure.getMessage());
        assertTrue(failure.getMessage().endsWith(asLaunched.errors().getFirst().toString()), failure.getMessage());
    }

    @Test
    void valuesThatFitAreKept() {
        assertEquals(42, ((Number) Parameters.recheck(MODULE, Map.of("max_results", 42)).values()
                .get("max_results")).intValue());
    }
}
