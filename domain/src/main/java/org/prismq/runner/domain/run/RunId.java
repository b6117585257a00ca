package org.prismq.runner.domain.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;

import org.prismq.runner.domain.IdCharacters;
import org.prismq.runner.domain.catalog.ModuleId;

/**
 * Identifies one run. New ids have the form {@code run_YYYYMMDD_HHMMSS_<module_id>_<8 hex>}; any value made
 * of {@code [A-Za-z0-9._-]} is accepted as an id to look up, so that a well-formed but unknown id is simply
 * not found rather than rejected.
 */
public record RunId(String value) implements Comparable<RunId> {

    private static final int MAX_LENGTH = 200;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    public RunId {
        Objects.requireNonNull(value, "value");
        if (!IdCharacters.fit(value, MAX_LENGTH)) {
            throw new IllegalArgumentException("run id '" + value + "' must be 1 to " + MAX_LENGTH
                    + " characters of " + IdCharacters.CLASS);
        }
    }

    /** Makes a new id for a run of {@code module} created at {@code createdAt}, made unique by {@code random}. */
    public static RunId create(ModuleId module, Instant createdAt, int random) {
        return new RunId("run_" + STAMP.format(createdAt) + "_" + module.value() + "_"
                + HexFormat.of().toHexDigits(random));
    }

    @Override
    public int compareTo(RunId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
