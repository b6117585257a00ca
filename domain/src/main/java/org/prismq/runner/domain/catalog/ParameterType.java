package org.prismq.runner.domain.catalog;

import java.util.Locale;

/** The kind of value a module parameter takes. */
public enum ParameterType {
    TEXT,
    NUMBER,
    SELECT,
    CHECKBOX,
    PASSWORD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ParameterType fromWireName(String value) {
        for (ParameterType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown parameter type '" + value
                + "' (expected text, number, select, checkbox or password)");
    }

    /** Whether values of this type are strings, for which an empty string means "not given". */
    public boolean isTextual() {
        return this == TEXT || this == PASSWORD;
    }
}
