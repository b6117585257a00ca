package org.prismq.runner.application.fakes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.prismq.runner.application.port.out.RunDeletion;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.EndedRunsFilter;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;

/**
 * {@link RunDeletion} of runs held by an {@link InMemoryRuns} and lines held by an {@link InMemoryLogStore}, for
 * service tests. Thread-safe: each call holds the registry's monitor, so no run changes status meanwhile.
 */
public final class InMemoryRunDeletion implements RunDeletion {

    private static final Comparator<Run> NEWEST_FIRST =
            Comparator.comparing(Run::createdAt).thenComparing(Run::id).reversed();

    private final InMemoryRuns runs;
    private final InMemoryLogStore logs;

    public InMemoryRunDeletion(InMemoryRuns runs, InMemoryLogStore logs) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    @Override
    public Outcome deleteNamed(Set<RunId> ids) {
        synchronized (runs) {
            for (RunId id : ids) {
                Optional<Run> run = runs.find(id);
                if (run.isEmpty()) {
                    return new Outcome.Unknown(id);
                }
                if (run.get().isActive()) {
                    return new Outcome.Active(id, run.get().status());
                }
            }
            return new Outcome.Deleted(delete(List.copyOf(ids)));
        }
    }

    @Override
    public long deleteMatching(EndedRunsFilter filter) {
        synchronized (runs) {
            return delete(runs.all().stream().filter(filter::matches).map(Run::id).toList());
        }
    }

    @Override
    public long deleteAllButNewest(int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must not be negative, was " + keep);
        }
        synchronized (runs) {
            Map<ModuleId, List<Run>> ended = new HashMap<>();
            for (Run run : runs.all()) {
                if (!run.isActive()) {
                    ended.computeIfAbsent(run.moduleId(), module -> new ArrayList<>()).add(run);
                }
            }
            List<RunId> beyond = new ArrayList<>();
            for (List<Run> ofModule : ended.values()) {
                ofModule.sort(NEWEST_FIRST);
                ofModule.stream().skip(keep).map(Run::id).forEach(beyond::add);
            }
            return delete(beyond);
        }
    }

    private long delete(List<RunId> ids) {
        long deleted = 0;
        for (RunId id : ids) {
            if (runs.remove(id)) {
                logs.forget(id);
                deleted++;
            }
        }
        return deleted;
    }
}
