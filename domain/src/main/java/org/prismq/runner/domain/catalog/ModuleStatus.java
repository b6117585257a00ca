package org.prismq.runner.domain.catalog;

import org.prismq.runner.domain.WireNames;

/** A module's catalog status. Only {@link #MAINTENANCE} refuses launches (with {@code enabled: false}). */
public enum ModuleStatus {
    ACTIVE,
    INACTIVE,
    MAINTENANCE;

    public String wireName() {
        return WireNames.of(this);
    }

    public static ModuleStatus fromWireName(String value) {
        return WireNames.parse(ModuleStatus.class, value, "module status");
    }
}
