package org.prismq.runner.adapters.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.prismq.runner.application.port.in.CancelRunUseCase;
import org.prismq.runner.application.port.in.DeleteRunsUseCase;
import org.prismq.runner.application.port.in.FollowLogsUseCase;
import org.prismq.runner.application.port.in.FollowStart;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.LaunchRunUseCase;
import org.prismq.runner.application.port.in.ListModulesUseCase;
import org.prismq.runner.application.port.in.LogSubscription;
import org.prismq.runner.application.port.in.ModuleConfigUseCase;
import org.prismq.runner.application.port.in.ModuleConfigView;
import org.prismq.runner.application.port.in.ModuleView;
import org.prismq.runner.application.port.in.QueryRunsUseCase;
import org.prismq.runner.application.port.in.ReadLogsUseCase;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.application.port.out.SearchScan;
import org.prismq.runner.application.port.in.SystemStatusUseCase;
import org.prismq.runner.domain.catalog.ModuleDefinition;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.catalog.ParameterError;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogQuery;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogSlice;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.log.SearchTooSlowException;
import org.prismq.runner.domain.run.ModuleRunStats;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunFilter;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunPage;

/**
 * Every use case the HTTP API calls, answered from maps the test fills, recording what it was asked. Refusals
 * follow the ports' contracts. Thread-safe enough for one test at a time.
 */
final class StubUseCases implements LaunchRunUseCase, CancelRunUseCase, DeleteRunsUseCase, QueryRunsUseCase, ReadLogsUseCase,
        FollowLogsUseCase, ListModulesUseCase, ModuleConfigUseCase, SystemStatusUseCase {

    /** A module whose lookup fails with a bug, for the 500 path. */
    static final ModuleId BROKEN = new ModuleId("broken");
    /** A module whose lookup overflows the stack. */
    static final ModuleId OVERFLOWING = new ModuleId("overflowing");

    final Map<ModuleId, ModuleView> modules = new ConcurrentHashMap<>();
    final Map<RunId, Run> runs = new ConcurrentHashMap<>();
    final Map<RunId, List<LogEntry>> logs = new ConcurrentHashMap<>();
    final Map<ModuleId, ModuleConfigView> configs = new ConcurrentHashMap<>();
    final Map<ModuleId, RunnerException> launchRefusals = new ConcurrentHashMap<>();
    final Map<RunId, ScriptedSubscription> subscriptions = new ConcurrentHashMap<>();

    final List<LaunchRunCommand> launches = new CopyOnWriteArrayList<>();
    final List<LogQuery> logQueries = new CopyOnWriteArrayList<>();
    /** The window reads asked for, as "around SEQ CONTEXT" or "before SEQ LIMIT". */
    final List<String> windowReads = new CopyOnWriteArrayList<>();
    final List<FollowStart> followStarts = new CopyOnWriteArrayList<>();
    final List<RunFilter> runFilters = new CopyOnWriteArrayList<>();
    final List<DeleteRunsCommand> deletions = new CopyOnWriteArrayList<>();
    final AtomicInteger pageCalls = new AtomicInteger();
    private final AtomicInteger nextRun = new AtomicInteger(100);

    /** The stub with the fixtures' modules, runs and logs. */
    static StubUseCases withFixtures() {
        StubUseCases stub = new StubUseCases();
        stub.modules.put(Fixtures.DEMO, new ModuleView(Fixtures.demoModule(),
                new ModuleRunStats(4, 3, 1, Fixtures.T0.plusSeconds(2))));
        stub.modules.put(Fixtures.PLAIN, new ModuleView(Fixtures.plainModule(), ModuleRunStats.NONE));
        stub.modules.put(Fixtures.DISABLED, new ModuleView(Fixtures.disabledModule(), ModuleRunStats.NONE));
        for (Run run : List.of(Fixtures.queuedRun(), Fixtures.runningRun(), Fixtures.completedRun(),
                Fixtures.silentRun())) {
            stub.runs.put(run.id(), run);
            stub.logs.put(run.id(), List.of());
        }
        stub.logs.put(Fixtures.RUNNING, Fixtures.lines(30));
        stub.logs.put(Fixtures.COMPLETED, Fixtures.lines(3));
        return stub;
    }

    HttpUseCases useCases() {
        return new HttpUseCases(this, this, this, this, this, this, this, this, this);
    }

    /** The subscription the next {@code follow} of {@code run} hands out. */
    ScriptedSubscription scriptFollow(RunId run) {
        return subscriptions.computeIfAbsent(run, id -> new ScriptedSubscription());
    }

    @Override
    public Run launch(LaunchRunCommand command) {
        RunnerException refusal = launchRefusals.get(command.moduleId());
        if (refusal != null) {
            throw refusal;
        }
        ModuleDefinition module = module(command.moduleId()).module();
        if (!module.isLaunchable()) {
            throw new RunnerException.ModuleNotLaunchable(module.id(), "it is disabled");
        }
        launches.add(command);
        RunId id = new RunId("run_20240501_120000_" + module.id() + "_" + String.format("%08x",
                nextRun.incrementAndGet()));
        Run run = Run.queued(id, module.id(), module.name(), command.parameters(), Instant.now());
        runs.put(id, run);
        logs.put(id, List.of());
        return run;
    }

    /** Deletes named runs all or none, as the use case does; a filter deletes the ended runs it matches. */
    @Override
    public synchronized long delete(DeleteRunsCommand command) {
        deletions.add(command);
        List<RunId> doomed = new ArrayList<>();
        switch (command) {
            case DeleteRunsCommand.Named named -> {
                for (RunId id : named.ids()) {
                    Run run = get(id);
                    if (run.isActive()) {
                        throw new RunnerException.RunActive(id, run.status());
                    }
                    doomed.add(id);
                }
            }
            case DeleteRunsCommand.Matching matching ->
                    runs.values().stream().filter(matching.filter()::matches).map(Run::id).forEach(doomed::add);
        }
        doomed.forEach(runs::remove);
        return doomed.size();
    }

    @Override
    public Run cancel(RunId id) {
        Run run = get(id);
        if (!run.isActive()) {
            throw new RunnerException.RunNotActive(id, run.status());
        }
        Run cancelled = run.cancel(null, Instant.now());
        runs.put(id, cancelled);
        return cancelled;
    }

    @Override
    public Run get(RunId id) {
        Run run = runs.get(id);
        if (run == null) {
            throw new RunnerException.RunNotFound(id);
        }
        return run;
    }

    @Override
    public RunPage list(RunFilter filter, int limit, int offset) {
        runFilters.add(filter);
        List<Run> matching = runs.values().stream().filter(filter::matches)
                .sorted(Comparator.comparing(Run::createdAt).reversed()).toList();
        List<Run> page = matching.stream().skip(offset).limit(limit).toList();
        return new RunPage(page, matching.size());
    }

    @Override
    public int activeCount() {
        return (int) runs.values().stream().filter(Run::isActive).count();
    }

    @Override
    public LogSlice query(RunId run, LogQuery query) {
        logQueries.add(query);
        List<LogEntry> matching = linesOf(run).stream().filter(query::matches).toList();
        boolean truncated = matching.size() > query.limit();
        List<LogEntry> selected = !truncated ? matching
                : query.newest() ? matching.subList(matching.size() - query.limit(), matching.size())
                : matching.subList(0, query.limit());
        return new LogSlice(selected, truncated);
    }

    @Override
    public LogSlice around(RunId run, long seq, int context) {
        windowReads.add("around " + seq + " " + context);
        List<LogEntry> lines = linesOf(run);
        List<LogEntry> window = lines.stream()
                .filter(entry -> Math.abs(entry.seq() - seq) <= context).toList();
        return new LogSlice(window, window.size() < lines.size());
    }

    @Override
    public LogSlice before(RunId run, long beforeSeq, int limit) {
        windowReads.add("before " + beforeSeq + " " + limit);
        List<LogEntry> earlier = linesOf(run).stream().filter(entry -> entry.seq() < beforeSeq).toList();
        boolean truncated = earlier.size() > limit;
        return new LogSlice(truncated ? earlier.subList(earlier.size() - limit, earlier.size()) : earlier, truncated);
    }

    @Override
    public List<LogEntry> page(RunId run, long afterSeq, int limit) {
        pageCalls.incrementAndGet();
        return linesOf(run).stream().filter(entry -> entry.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public SearchPage search(RunId run, LogSearch search) {
        List<LogEntry> lines = linesOf(run);
        SearchScan scan = new SearchScan(search);
        try {
            for (int i = 0; i < lines.size() && !scan.isFull(); i++) {
                LogEntry entry = lines.get(search.backward() ? lines.size() - 1 - i : i);
                if (scan.test(entry)) {
                    scan.add(entry);
                }
            }
        } catch (SearchTooSlowException runaway) {
            throw new RunnerException.SearchTooSlow(runaway.getMessage());
        }
        return scan.page(true);
    }

    @Override
    public long lineCount(RunId run) {
        return linesOf(run).size();
    }

    @Override
    public LogSubscription follow(RunId run, FollowStart start) {
        get(run);
        followStarts.add(start);
        return scriptFollow(run);
    }

    @Override
    public boolean hasEndedAt(RunId run, long seq) {
        return !get(run).isActive() && seq == linesOf(run).size();
    }

    @Override
    public List<ModuleView> modules() {
        return List.copyOf(modules.values().stream()
                .sorted(Comparator.comparing(view -> view.module().id())).toList());
    }

    @Override
    public ModuleView module(ModuleId id) {
        if (id.equals(BROKEN)) {
            throw new IllegalStateException("secret internal detail at /srv/somewhere");
        }
        if (id.equals(OVERFLOWING)) {
            throw new StackOverflowError("secret internal detail");
        }
        ModuleView view = modules.get(id);
        if (view == null) {
            throw new RunnerException.ModuleNotFound(id);
        }
        return view;
    }

    @Override
    public ModuleConfigView get(ModuleId module) {
        ModuleDefinition definition = module(module).module();
        ModuleConfigView saved = configs.get(module);
        if (saved != null) {
            return saved;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (ParameterDefinition parameter : definition.parameters()) {
            defaults.put(parameter.name(), parameter.effectiveDefault());
        }
        return new ModuleConfigView(module, defaults, null);
    }

    /** Refuses a parameter named {@code bad} and one named {@code worse}, reporting both. */
    @Override
    public ModuleConfigView save(ModuleId module, Map<String, Object> parameters) {
        module(module);
        List<ParameterError> errors = new ArrayList<>();
        for (String name : List.of("bad", "worse")) {
            if (parameters.containsKey(name)) {
                errors.add(new ParameterError(name, "is not a parameter of module " + module));
            }
        }
        if (!errors.isEmpty()) {
            throw new RunnerException.InvalidParameters(errors);
        }
        ModuleConfigView view = new ModuleConfigView(module, parameters, Fixtures.T0.plusSeconds(60));
        configs.put(module, view);
        return view;
    }

    @Override
    public void delete(ModuleId module) {
        module(module);
        configs.remove(module);
    }

    @Override
    public Health health() {
        return new Health("9.9.9-test", 12.5, activeCount(), modules.size());
    }

    @Override
    public SystemStats stats() {
        return new SystemStats(4, 3, 1, 75.0, 3, 1, 2, -1.0, 41.5, 120.25, 1_048_576, -1);
    }

    private List<LogEntry> linesOf(RunId run) {
        get(run);
        return logs.getOrDefault(run, List.of());
    }
}
