package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.fakes.InMemoryRunDeletion;
import org.prismq.runner.application.fakes.InMemoryRuns;
import org.prismq.runner.application.fakes.MutableClock;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;

class RetentionTest {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
    private static final ModuleId ALPHA = new ModuleId("alpha");
    private static final ModuleId BETA = new ModuleId("beta");

    private final InMemoryRuns runs = new InMemoryRuns();
    private final InMemoryRunDeletion deletion = new InMemoryRunDeletion(runs, new InMemoryLogStore(runs));
    private final MutableClock clock = new MutableClock(T0);

    @Test
    void runsThatEndedMoreThanTheDaysAgoAreDeletedAsTimePasses() {
        ended("run-old", ALPHA, T0.minus(Duration.ofDays(10)));
        ended("run-recent", ALPHA, T0.minus(Duration.ofDays(2)));
        Run stillQueued = Run.queued(new RunId("run-queued"), ALPHA, "Alpha", Map.of(), T0.minus(Duration.ofDays(30)));
        runs.add(stillQueued);
        Retention retention = new Retention(deletion, clock, new Retention.Settings(7, null));

        assertEquals(new Retention.Outcome(1, 0), retention.apply());
        assertEquals(List.of("run-recent", "run-queued"), kept());

        clock.advance(Duration.ofDays(6));
        assertEquals(new Retention.Outcome(1, 0), retention.apply());
        assertEquals(List.of("run-queued"), kept());
    }

    @Test
    void theNewestEndedRunsOfEachModuleAreKept() {
        for (int i = 0; i < 5; i++) {
            ended("run-a" + i, ALPHA, T0.plusSeconds(i));
        }
        ended("run-b0", BETA, T0);
        Retention retention = new Retention(deletion, clock, new Retention.Settings(null, 2));

        assertEquals(new Retention.Outcome(0, 3), retention.apply());
        assertEquals(List.of("run-a4", "run-a3", "run-b0"), kept());
        assertEquals(new Retention.Outcome(0, 0), retention.apply());
    }

    @Test
    void offDeletesNothing() {
        ended("run-old", ALPHA, T0.minus(Duration.ofDays(1000)));

        assertEquals(new Retention.Outcome(0, 0), new Retention(deletion, clock, Retention.Settings.OFF).apply());
        assertEquals(List.of("run-old"), kept());
    }

    @Test
    void settingsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Retention.Settings(0, null));
        assertThrows(IllegalArgumentException.class, () -> new Retention.Settings(null, 0));
    }

    private void ended(String id, ModuleId module, Instant createdAt) {
        runs.add(Run.queued(new RunId(id), module, "Module", Map.of(), createdAt).start(createdAt)
                .exited(0, null, createdAt.plusSeconds(1)));
    }

    private List<String> kept() {
        return runs.list(RunFilter.ALL, 100, 0).runs().stream().map(run -> run.id().value()).toList();
    }
}
