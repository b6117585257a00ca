package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.domain.run.RunId;

class InMemoryLogStoreTest extends LogStoreContract {

    @Override
    protected Stores newStores() {
        InMemoryRuns runs = new InMemoryRuns();
        return new Stores(runs, new InMemoryLogStore(runs));
    }

    @Test
    void aStoreWithoutRegistryTakesLinesOfAnyRun() {
        InMemoryLogStore store = new InMemoryLogStore();
        RunId run = new RunId("anything");
        store.append(run, lines(1, 3));

        assertEquals(lines(1, 3), store.read(run, 0, 10));
    }

    @Test
    void aBatchLeavingAGapIsIllegalAndStoresNoneOfItsLines() {
        InMemoryLogStore store = new InMemoryLogStore();
        RunId run = new RunId("anything");
        store.append(run, lines(1, 2));

        assertThrows(IllegalStateException.class, () -> store.append(run, lines(4, 5)));
        assertEquals(lines(1, 2), store.read(run, 0, 10));
    }
}
