package org.prismq.runner.domain.catalog;

import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies a module of the catalog: 1 to 100 characters of {@code [A-Za-z0-9._-]}. */
public record ModuleId(String value) implements Comparable<ModuleId> {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public ModuleId {
        Objects.requireNonNull(value, "value");
        if (!ALLOWED.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "module id '" + value + "' must be 1 to 100 characters of [A-Za-z0-9._-]");
        }
    }

    @Override
    public int compareTo(ModuleId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
