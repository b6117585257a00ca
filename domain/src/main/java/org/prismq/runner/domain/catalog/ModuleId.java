package org.prismq.runner.domain.catalog;

import java.util.Objects;

import org.prismq.runner.domain.IdCharacters;

/** Identifies a module of the catalog: 1 to 100 characters of {@code [A-Za-z0-9._-]}. */
public record ModuleId(String value) implements Comparable<ModuleId> {

    private static final int MAX_LENGTH = 100;

    public ModuleId {
        Objects.requireNonNull(value, "value");
        if (!IdCharacters.fit(value, MAX_LENGTH)) {
            throw new IllegalArgumentException("module id '" + value + "' must be 1 to " + MAX_LENGTH
                    + " characters of " + IdCharacters.CLASS);
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
