package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prismq.runner.application.port.out.ParameterAssertions.assertSameParameters;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.catalog.ModuleId;

/**
 * What every {@link ModuleConfigs} must do. A subclass supplies a fresh, empty store per test; callers give
 * instants truncated to microseconds, so that is the precision asked of a store.
 */
public abstract class ModuleConfigsContract {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    private static final ModuleId ALPHA = new ModuleId("alpha");
    private static final ModuleId BETA = new ModuleId("beta");

    private ModuleConfigs configs;

    /** A new store that holds no configuration. */
    protected abstract ModuleConfigs newModuleConfigs();

    @BeforeEach
    void createStore() {
        configs = newModuleConfigs();
    }

    @Test
    public void aSavedConfigIsFoundWithItsValuesInOrderAndItsTime() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("topic", "rivers");
        parameters.put("api_key", "s3cr3t unmasked");
        parameters.put("count", 10);
        parameters.put("big", 9_000_000_000L);
        parameters.put("ratio", 0.25);
        parameters.put("whole_decimal", 3.0);
        parameters.put("verbose", true);
        parameters.put("dry_run", false);
        parameters.put("a_last", "ünïcödé 🚀");
        configs.save(new SavedConfig(ALPHA, parameters, T0));

        SavedConfig found = configs.find(ALPHA).orElseThrow();
        assertEquals(ALPHA, found.moduleId());
        assertEquals(T0, found.updatedAt());
        assertSameParameters(parameters, found.parameters());
    }

    @Test
    public void anEmptyConfigIsStillAConfig() {
        configs.save(new SavedConfig(ALPHA, Map.of(), T0));

        assertEquals(Map.of(), configs.find(ALPHA).orElseThrow().parameters());
    }

    @Test
    public void savingAgainReplacesTheValuesAndTheTime() {
        configs.save(new SavedConfig(ALPHA, Map.of("topic", "rivers", "count", 3), T0));
        configs.save(new SavedConfig(ALPHA, Map.of("topic", "lakes"), T0.plusSeconds(60)));

        SavedConfig found = configs.find(ALPHA).orElseThrow();
        assertSameParameters(Map.of("topic", "lakes"), found.parameters());
        assertEquals(T0.plusSeconds(60), found.updatedAt());
    }

    @Test
    public void anUnknownModuleHasNoConfig() {
        configs.save(new SavedConfig(ALPHA, Map.of("topic", "rivers"), T0));

        assertTrue(configs.find(BETA).isEmpty());
    }

    @Test
    public void deleteForgetsTheConfigAndSaysWhetherThereWasOne() {
        configs.save(new SavedConfig(ALPHA, Map.of("topic", "rivers"), T0));
        configs.save(new SavedConfig(BETA, Map.of("topic", "lakes"), T0));

        assertTrue(configs.delete(ALPHA));
        assertTrue(configs.find(ALPHA).isEmpty());
        assertFalse(configs.delete(ALPHA));
        assertSameParameters(Map.of("topic", "lakes"), configs.find(BETA).orElseThrow().parameters());
    }

    @Test
    public void deletingAModuleWithoutConfigSaysSo() {
        assertFalse(configs.delete(ALPHA));
    }
}
