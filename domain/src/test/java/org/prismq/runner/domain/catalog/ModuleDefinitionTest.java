package org.prismq.runner.domain.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The checks of a module declaration as a whole. */
class ModuleDefinitionTest {

    @Test
    void aModuleMayCapItsRunsOutputOrLeaveItToTheService() {
        assertEquals(2.5, module(2.5).maxOutputMb());
        assertNull(module(null).maxOutputMb());
    }

    @Test
    void anOutputCapMustBeAPositiveNumber() {
        for (double invalid : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> module(invalid));
            assertEquals("max_output_mb must be a positive number, was " + invalid, error.getMessage());
        }
    }

    private static ModuleDefinition module(Double maxOutputMb) {
        Path script = Path.of("modules", "demo.py").toAbsolutePath();
        return new ModuleDefinition(new ModuleId("demo"), "Demo", null, null, null, "modules/demo.py", script,
                script.getParent(), List.of(), List.of(), ModuleStatus.ACTIVE, true, List.of(), null, Map.of(),
                maxOutputMb);
    }
}
