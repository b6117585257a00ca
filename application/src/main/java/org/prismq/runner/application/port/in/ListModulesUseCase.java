package org.prismq.runner.application.port.in;

import java.util.List;

import org.prismq.runner.domain.catalog.ModuleId;

/** Reads the module catalog with each module's run statistics. */
public interface ListModulesUseCase {

    /** Every module in catalog order. */
    List<ModuleView> modules();

    /** @throws RunnerException.ModuleNotFound for an unknown module */
    ModuleView module(ModuleId id);
}
