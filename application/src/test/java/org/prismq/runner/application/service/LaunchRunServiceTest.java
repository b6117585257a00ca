package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.LaunchSpec;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ModuleStatus;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunStatus;

class LaunchRunServiceTest {

    private static final ModuleDefinition WITH_PARAMETERS = TestModules.module("collect", List.of(
            TestModules.text("query", "trending", true),
            TestModules.number("max_results", 10, 1.0, 100.0),
            TestModules.password("api_key")));

    private Harness harness;

    @AfterEach
    void closeHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    private Run launch(String module, Map<String, Object> parameters, boolean save) {
        return harness.launch.launch(new LaunchRunCommand(new ModuleId(module), parameters, save));
    }

    @Test
    void parametersBecomeArgumentsInCatalogOrderWithDefaultsAndSecretsAreMaskedInTheRun() throws Exception {
        harness = new Harness(WITH_PARAMETERS);

        Run run = launch("collect", Map.of("api_key", "s3cret", "max_results", 25), false);

        LaunchSpec spec = harness.launcher.nextLaunch().spec();
        assertEquals(List.of("--query", "trending", "--max_results", "25", "--api_key", "s3cret"), spec.arguments());
        assertEquals(ParameterDefinition.MASK, run.parameters().get("api_key"));
        assertEquals(ParameterDefinition.MASK, harness.runs.find(run.id()).orElseThrow().parameters().get("api_key"));
        assertEquals(WITH_PARAMETERS.script(), spec.script());
        assertEquals(WITH_PARAMETERS.workingDirectory(), spec.workingDirectory());
    }

    @Test
    void invalidParametersAreAllReportedAndNothingIsRecordedOrLaunched() {
        harness = new Harness(WITH_PARAMETERS);
        Map<String, Object> bad = new HashMap<>();
        bad.put("max_results", 1000);
        bad.put("nonsense", true);

        RunnerException.InvalidParameters invalid = assertThrows(RunnerException.InvalidParameters.class,
                () -> launch("collect", bad, true));

        assertEquals(2, invalid.errors().size(), invalid.getMessage());
        assertEquals(0, harness.runs.list(RunFilter.ALL, 10, 0).total());
        assertTrue(harness.launcher.specs().isEmpty());
        assertTrue(harness.configs.find(WITH_PARAMETERS.id()).isEmpty());
    }

    @Test
    void anUnknownModuleIsNotFoundAndDisabledOrMaintainedModulesCannotBeLaunched() {
        harness = new Harness(TestModules.withState("off", ModuleStatus.ACTIVE, false),
                TestModules.withState("fixing", ModuleStatus.MAINTENANCE, true),
                TestModules.withState("idle", ModuleStatus.INACTIVE, true));

        assertThrows(RunnerException.ModuleNotFound.class, () -> launch("nope", Map.of(), false));
        assertThrows(RunnerException.ModuleNotLaunchable.class, () -> launch("off", Map.of(), false));
        assertThrows(RunnerException.ModuleNotLaunchable.class, () -> launch("fixing", Map.of(), false));
        assertTrue(harness.launcher.specs().isEmpty());
        assertEquals(RunStatus.RUNNING, launch("idle", Map.of(), false).status());
        assertEquals(1, harness.launcher.specs().size());
    }

    @Test
    void aSavedConfigurationKeepsTheSecretWhenTheMaskIsSentBack() throws Exception {
        harness = new Harness(WITH_PARAMETERS);
        launch("collect", Map.of("api_key", "s3cret"), true);
        harness.launcher.nextLaunch().exit(0);

        launch("collect", Map.of("api_key", ParameterDefinition.MASK), false);

        assertTrue(harness.launcher.nextLaunch().spec().arguments().contains("s3cret"));
        assertEquals(ParameterDefinition.MASK,
                harness.modules.get(WITH_PARAMETERS.id()).parameters().get("api_key"));
    }
}
