package org.prismq.runner.application.port.out;

import org.prismq.runner.application.fakes.InMemoryProcessRecords;
import org.prismq.runner.application.fakes.InMemoryRuns;

class InMemoryProcessRecordsTest extends ProcessRecordsContract {

    @Override
    protected Stores newStores() {
        InMemoryRuns runs = new InMemoryRuns();
        return new Stores(runs, new InMemoryProcessRecords(runs));
    }
}
