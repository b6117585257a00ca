package org.prismq.runner.application.port.out;

import java.time.Instant;

import org.prismq.runner.application.fakes.InMemoryCluster;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.fakes.MutableClock;

/** The shared queue of the in-memory cluster keeps the same promises as the real ones it stands for. */
class InMemoryClusterQueueTest extends LaunchQueueContract {

    @Override
    protected Fixture newFixture() {
        InMemoryRuns runs = new InMemoryRuns();
        return new Fixture(new InMemoryCluster(runs, new MutableClock(Instant.EPOCH)), runs);
    }
}
