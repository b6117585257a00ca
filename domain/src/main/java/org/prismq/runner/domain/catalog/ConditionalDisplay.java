package org.prismq.runner.domain.catalog;

import java.util.Objects;

/**
 * Shows a parameter only when another parameter has a given value. A hidden parameter is neither required,
 * validated nor passed to the module.
 *
 * @param field the name of the controlling parameter of the same module
 * @param value the value that makes this parameter visible (a string, number or boolean)
 */
public record ConditionalDisplay(String field, Object value) {

    public ConditionalDisplay {
        Objects.requireNonNull(field, "field");
        if (field.isBlank()) {
            throw new IllegalArgumentException("conditional_display.field must name a parameter");
        }
        Objects.requireNonNull(value, "value");
    }

    /** Whether this parameter shows when the controlling parameter's effective value is {@code actual}. */
    public boolean isShownFor(Object actual) {
        return ParameterValues.sameValue(value, actual);
    }
}
