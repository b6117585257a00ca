package org.prismq.runner.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lower-case names under which the domain's enums travel on the wire and in catalog files. */
public final class WireNames {

    private WireNames() {
    }

    /** {@code RUNNING} becomes {@code "running"}. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant whose wire name is {@code value}.
     *
     * @param what how an error names the value, e.g. {@code "run status"}
     * @throws IllegalArgumentException naming the value and every allowed one
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
        E[] constants = type.getEnumConstants();
        for (E constant : constants) {
            if (of(constant).equals(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "' (expected one of "
                + Arrays.stream(constants).map(WireNames::of).collect(Collectors.joining(", ")) + ")");
    }
}
