package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ModuleEnvironmentTest {

    private static Map<String, String> service() {
        return new HashMap<>(Map.of("PATH", "/usr/bin", "PRISMQ_TOKEN", "secret", "PRISMQ_DATABASE_PASSWORD", "pw",
                "PRISMQ_FUTURE_OPTION", "x", "prismq_token", "lower", "MY_PRISMQ_NOTE", "kept"));
    }

    @Test
    void everyPrismqVariableIsRemovedAndTheRestKept() {
        Map<String, String> environment = service();

        new ModuleEnvironment(false).prepare(environment, Map.of());

        assertEquals(Map.of("PATH", "/usr/bin", "prismq_token", "lower", "MY_PRISMQ_NOTE", "kept",
                "PYTHONUNBUFFERED", "1", "PYTHONIOENCODING", "utf-8"), environment);
    }

    @Test
    void onWindowsNamesAreComparedIgnoringCaseAsWindowsDoes() {
        Map<String, String> environment = service();
        environment.put("Prismq_Token", "mixed");

        new ModuleEnvironment(true).prepare(environment, Map.of());

        assertEquals(Map.of("PATH", "/usr/bin", "MY_PRISMQ_NOTE", "kept", "PYTHONUNBUFFERED", "1",
                "PYTHONIOENCODING", "utf-8"), environment);
    }

    @Test
    void theModulesOwnVariablesWinAndMayNameAPrismqVariable() {
        Map<String, String> environment = service();

        new ModuleEnvironment(false).prepare(environment, Map.of("PRISMQ_TOKEN", "for-this-module",
                "PYTHONUNBUFFERED", "0"));

        assertEquals("for-this-module", environment.get("PRISMQ_TOKEN"));
        assertEquals("0", environment.get("PYTHONUNBUFFERED"));
        assertEquals(null, environment.get("PRISMQ_DATABASE_PASSWORD"));
    }
}
