package org.prismq.runner.adapters.persistence.catalog;

/**
 * Whether a catalog may name a script outside the scripts root: a {@code script_path} that climbs out of it
 * ({@code ../../../usr/bin/env}), an absolute one elsewhere ({@code /usr/bin/id}), or one that is a link, or lies
 * in a linked folder, whose target is elsewhere.
 */
public enum ScriptsOutsideRoot {
    /** Such a module makes the catalog invalid, naming the module and where its script leads. */
    REFUSED,
    /** Any script path is taken as it is. */
    ALLOWED
}
