package org.prismq.runner.domain.catalog;

import java.util.Locale;

/** A module's catalog status. Only {@link #MAINTENANCE} refuses launches (with {@code enabled: false}). */
public enum ModuleStatus {
    ACTIVE,
    INACTIVE,
    MAINTENANCE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModuleStatus fromWireName(String value) {
        for (ModuleStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException(
                "unknown module status '" + value + "' (expected active, inactive or maintenance)");
    }
}
