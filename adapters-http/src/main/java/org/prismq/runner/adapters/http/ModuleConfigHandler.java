package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

import org.prismq.runner.application.port.in.ModuleConfigUseCase;
import org.prismq.runner.domain.catalog.ModuleId;

/**
 * {@code /api/modules/{module_id}/config}: {@code GET} the configuration, {@code POST {"parameters": {...}}} to
 * validate and save it (the answer is the saved configuration), {@code DELETE} to go back to the defaults.
 */
final class ModuleConfigHandler implements ResourceHandler {

    private final ModuleConfigUseCase configs;

    ModuleConfigHandler(ModuleConfigUseCase configs) {
        this.configs = configs;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        ModuleId module = request.moduleId();
        switch (request.method()) {
            case RouteTable.GET -> request.respond(200, ModuleConfigJson.from(configs.get(module), Instant.now()));
            case RouteTable.POST -> {
                Map<String, Object> parameters = Json.parameters(request.jsonBody(), true);
                request.respond(200, ModuleConfigJson.from(configs.save(module, parameters), Instant.now()));
            }
            case RouteTable.DELETE -> {
                configs.delete(module);
                request.respond(200, new ModuleConfigJson.Deleted(
                        "configuration of module '" + module + "' deleted; its defaults apply again"));
            }
            default -> throw new IllegalStateException("the route table let " + request.method() + " through");
        }
    }
}
