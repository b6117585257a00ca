package org.prismq.runner.application.port.out;

import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.execution.LocalLaunchQueue;

class LocalLaunchQueueTest extends LaunchQueueContract {

    @Override
    protected Fixture newFixture() {
        InMemoryRuns runs = new InMemoryRuns();
        return new Fixture(new LocalLaunchQueue(runs), runs);
    }
}
