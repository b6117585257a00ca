package org.prismq.runner.application.execution;

import org.prismq.runner.application.port.out.LaunchFailedException;
import org.prismq.runner.application.port.out.ModuleCatalog;
import org.prismq.runner.application.port.out.QueuedRun;

/**
 * Checks a claimed run against this node's catalog: its module must be there and its values must fit it. For a
 * run that another node queued, or whose check this node no longer remembers.
 */
final class ModuleChecks {

    private final ModuleCatalog catalog;

    ModuleChecks(ModuleCatalog catalog) {
        this.catalog = catalog;
    }

    /** @throws LaunchFailedException when the module is missing or the values do not fit it */
    CheckedRun check(QueuedRun claimed) {
        var module = catalog.find(claimed.run().moduleId()).orElseThrow(() -> new LaunchFailedException(
                "module '" + claimed.run().moduleId() + "' is not in this node's catalog"));
        return new CheckedRun(module, Parameters.recheck(module, claimed.values()));
    }
}
