package org.prismq.runner.adapters.persistence.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ParametersJsonTest {

    @Test
    void wholeNumbersComeBackWholeBySizeAndDecimalsAsDouble() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("int", 10);
        parameters.put("long", 9_000_000_000L);
        parameters.put("huge", new BigInteger("123456789012345678901234567890"));
        parameters.put("decimal", 2.5);
        parameters.put("whole_decimal", 10.0);

        Map<String, Object> read = ParametersJson.read(ParametersJson.write(parameters));

        assertEquals(10, read.get("int"));
        assertEquals(9_000_000_000L, read.get("long"));
        assertEquals(new BigInteger("123456789012345678901234567890"), read.get("huge"));
        assertEquals(2.5, read.get("decimal"));
        assertEquals(10.0, read.get("whole_decimal"));
    }

    @Test
    void orderIsKept() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (String name : List.of("z", "a", "m", "b")) {
            parameters.put(name, name);
        }

        assertEquals(List.of("z", "a", "m", "b"),
                List.copyOf(ParametersJson.read(ParametersJson.write(parameters)).keySet()));
    }

    @Test
    void storedTextThatIsNoObjectIsAStorageFailure() {
        assertThrows(StorageException.class, () -> ParametersJson.read("[1, 2]"));
        assertThrows(StorageException.class, () -> ParametersJson.read("{"));
    }
}
