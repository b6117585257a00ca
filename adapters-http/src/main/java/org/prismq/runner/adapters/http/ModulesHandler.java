package org.prismq.runner.adapters.http;

import java.io.IOException;

import org.prismq.runner.application.port.in.ListModulesUseCase;

/** {@code GET /api/modules}: the catalog in its order, each module with its statistics. */
final class ModulesHandler implements ResourceHandler {

    private final ListModulesUseCase modules;

    ModulesHandler(ListModulesUseCase modules) {
        this.modules = modules;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        request.respond(200, ModuleJson.Catalog.from(modules.modules()));
    }
}
