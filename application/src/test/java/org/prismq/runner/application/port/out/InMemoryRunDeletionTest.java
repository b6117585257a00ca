package org.prismq.runner.application.port.out;

import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryRunDeletion;
import org.prismq.runner.application.fakes.InMemoryRuns;

class InMemoryRunDeletionTest extends RunDeletionContract {

    @Override
    protected Stores newStores() {
        InMemoryRuns runs = new InMemoryRuns();
        InMemoryLogStore logs = new InMemoryLogStore(runs);
        return new Stores(runs, logs, new InMemoryRunDeletion(runs, logs));
    }
}
