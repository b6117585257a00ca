package org.prismq.runner.application.port.in;

import java.util.Map;

import org.prismq.runner.domain.catalog.ModuleId;

/** Saved parameter values per module. Every method throws {@link RunnerException.ModuleNotFound}. */
public interface ModuleConfigUseCase {

    ModuleConfigView get(ModuleId module);

    /** Validates and saves; {@link RunnerException.InvalidParameters} lists every error at once. */
    ModuleConfigView save(ModuleId module, Map<String, Object> parameters);

    /** Forgets the saved values; later reads show the defaults. */
    void delete(ModuleId module);
}
