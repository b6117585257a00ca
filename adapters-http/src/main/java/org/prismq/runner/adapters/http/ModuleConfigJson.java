package org.prismq.runner.adapters.http;

import java.time.Instant;
import java.util.Map;

import org.prismq.runner.application.port.in.ModuleConfigView;

/**
 * A module's configuration: saved values over the declared defaults, passwords masked.
 *
 * @param updatedAt when it was last saved; when nothing is saved, the time of the answer (the defaults are what
 *                  applies at that time). Never {@code null}: the original backend always sent a time, and a
 *                  client doing {@code new Date(updated_at)} would show 1970 for {@code null}
 * @param saved     whether anything is saved, which {@code updated_at} alone no longer tells
 */
record ModuleConfigJson(String moduleId, Map<String, Object> parameters, String updatedAt, boolean saved) {

    static ModuleConfigJson from(ModuleConfigView view, Instant now) {
        boolean saved = view.updatedAt() != null;
        return new ModuleConfigJson(view.moduleId().value(), view.parameters(),
                Timestamps.format(saved ? view.updatedAt() : now), saved);
    }

    /** The answer to a deletion. */
    record Deleted(String message) {
    }
}
