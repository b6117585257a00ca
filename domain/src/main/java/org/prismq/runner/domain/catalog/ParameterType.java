package org.prismq.runner.domain.catalog;

import org.prismq.runner.domain.WireNames;

/** The kind of value a module parameter takes. */
public enum ParameterType {
    TEXT,
    NUMBER,
    SELECT,
    CHECKBOX,
    PASSWORD;

    public String wireName() {
        return WireNames.of(this);
    }

    public static ParameterType fromWireName(String value) {
        return WireNames.parse(ParameterType.class, value, "parameter type");
    }

    /** Whether values of this type are strings, for which an empty string means "not given". */
    public boolean isTextual() {
        return this == TEXT || this == PASSWORD;
    }
}
