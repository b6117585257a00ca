package org.prismq.runner.application.fakes;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.prismq.runner.application.port.out.ProcessIdentity;
import org.prismq.runner.application.port.out.ProcessRecords;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.domain.run.RunId;

/** {@link ProcessRecords} in a map, beside the {@link Runs} it checks run ids against. */
public final class InMemoryProcessRecords implements ProcessRecords {

    private final Runs runs;
    private final Map<RunId, ProcessIdentity> records = new ConcurrentHashMap<>();

    public InMemoryProcessRecords(Runs runs) {
        this.runs = runs;
    }

    @Override
    public void record(RunId run, ProcessIdentity identity) {
        if (runs.find(run).isEmpty()) {
            throw new IllegalStateException("run " + run + " is not recorded");
        }
        records.put(run, identity);
    }

    @Override
    public Optional<ProcessIdentity> find(RunId run) {
        return Optional.ofNullable(records.get(run));
    }
}
