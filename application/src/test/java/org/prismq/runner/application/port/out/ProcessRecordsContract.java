package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * What every {@link ProcessRecords} must do. A subclass supplies fresh, empty stores per test: the records and the
 * {@link Runs} they belong to. Instants are given to the microsecond.
 */
public abstract class ProcessRecordsContract {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    private static final RunId RUN = new RunId("run_20250304_050607_alpha_00000001");

    private Runs runs;
    private ProcessRecords records;

    /** Empty stores on one storage. */
    protected abstract Stores newStores();

    /** The runs, and the process records kept beside them. */
    public record Stores(Runs runs, ProcessRecords records) {
    }

    @BeforeEach
    void createStores() {
        Stores stores = newStores();
        runs = stores.runs();
        records = stores.records();
    }

    @Test
    public void aRecordedIdentityIsFoundWhole() {
        runs.add(Run.queued(RUN, new ModuleId("alpha"), "Alpha", Map.of(), T0));
        ProcessIdentity identity = new ProcessIdentity(4321, T0.plusMillis(5),
                "/sys/fs/cgroup/prismq-runner-12/run-" + RUN.value() + "-1");

        records.record(RUN, identity);

        assertEquals(Optional.of(identity), records.find(RUN));
    }

    @Test
    public void aLaterRecordReplacesTheEarlierAndUnknownPartsStayUnknown() {
        runs.add(Run.queued(RUN, new ModuleId("alpha"), "Alpha", Map.of(), T0));
        records.record(RUN, new ProcessIdentity(4321, T0, "/sys/fs/cgroup/x"));

        records.record(RUN, new ProcessIdentity(99, null, null));

        assertEquals(Optional.of(new ProcessIdentity(99, null, null)), records.find(RUN));
    }

    @Test
    public void aRunWithoutARecordHasNone() {
        runs.add(Run.queued(RUN, new ModuleId("alpha"), "Alpha", Map.of(), T0));

        assertEquals(Optional.empty(), records.find(RUN));
        assertEquals(Optional.empty(), records.find(new RunId("run_unknown")));
    }

    @Test
    public void recordingForAnUnknownRunIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> records.record(new RunId("run_unknown"), new ProcessIdentity(1, T0, null)));
    }
}
