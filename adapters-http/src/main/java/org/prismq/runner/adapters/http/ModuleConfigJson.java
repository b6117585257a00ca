package org.prismq.runner.adapters.http;

import java.util.Map;

import org.prismq.runner.application.port.in.ModuleConfigView;

/**
 * A module's configuration: saved values over the declared defaults, passwords masked.
 *
 * @param updatedAt when it was last saved, {@code null} when nothing is saved
 */
record ModuleConfigJson(String moduleId, Map<String, Object> parameters, String updatedAt) {

    static ModuleConfigJson from(ModuleConfigView view) {
        return new ModuleConfigJson(view.moduleId().value(), view.parameters(), Timestamps.format(view.updatedAt()));
    }

    /** The answer to a deletion. */
    record Deleted(String message) {
    }
}
