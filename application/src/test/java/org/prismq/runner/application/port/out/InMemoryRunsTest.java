package org.prismq.runner.application.port.out;

import org.prismq.runner.application.fakes.InMemoryRuns;

class InMemoryRunsTest extends RunsContract {

    @Override
    protected Runs newRuns() {
        return new InMemoryRuns();
    }
}
