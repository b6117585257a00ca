package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Compares parameter maps as stored values may come back: same names in the same order, strings and booleans
 * equal, whole numbers still whole and decimals still decimals, each of the same value (a store may return
 * {@code 10} as a {@code Long} for an {@code Integer}).
 */
final class ParameterAssertions {

    private ParameterAssertions() {
    }

    static void assertSameParameters(Map<String, Object> expected, Map<String, Object> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "parameter names and order");
        expected.forEach((name, value) -> assertSameValue(name, value, actual.get(name)));
    }

    private static void assertSameValue(String name, Object expected, Object actual) {
        if (!(expected instanceof Number number)) {
            assertEquals(expected, actual, "parameter " + name);
            return;
        }
        Number stored = assertInstanceOf(Number.class, actual, "parameter " + name);
        if (isWhole(number)) {
            if (!isWhole(stored)) {
                fail("parameter " + name + ": whole number " + number + " came back as " + stored + " ("
                        + stored.getClass().getSimpleName() + ")");
            }
            assertEquals(new BigInteger(number.toString()), new BigInteger(stored.toString()), "parameter " + name);
        } else {
            assertEquals(number.doubleValue(), stored.doubleValue(), "parameter " + name);
        }
    }

    private static boolean isWhole(Number number) {
        return number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger;
    }
}
