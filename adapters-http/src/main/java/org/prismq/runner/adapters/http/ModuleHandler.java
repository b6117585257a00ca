package org.prismq.runner.adapters.http;

import java.io.IOException;

import org.prismq.runner.application.port.in.ListModulesUseCase;

/** {@code GET /api/modules/{module_id}}. */
final class ModuleHandler implements ResourceHandler {

    private final ListModulesUseCase modules;

    ModuleHandler(ListModulesUseCase modules) {
        this.modules = modules;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        request.respond(200, ModuleJson.from(modules.module(request.moduleId())));
    }
}
