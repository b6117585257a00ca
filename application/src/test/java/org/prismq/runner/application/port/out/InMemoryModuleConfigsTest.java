package org.prismq.runner.application.port.out;

import org.prismq.runner.application.fakes.InMemoryModuleConfigs;

class InMemoryModuleConfigsTest extends ModuleConfigsContract {

    @Override
    protected ModuleConfigs newModuleConfigs() {
        return new InMemoryModuleConfigs();
    }
}
