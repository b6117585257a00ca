package org.prismq.runner.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.prismq.runner.adapters.http.HttpApi;
import org.prismq.runner.adapters.http.HttpApiSettings;
import org.prismq.runner.adapters.http.HttpUseCases;
import org.prismq.runner.adapters.http.metrics.PrometheusMetrics;
import org.prismq.runner.adapters.persistence.catalog.CatalogException;
import org.prismq.runner.adapters.persistence.catalog.JsonModuleCatalog;
import org.prismq.runner.adapters.persistence.catalog.ReloadResult;
import org.prismq.runner.adapters.persistence.catalog.ScriptsOutsideRoot;
import org.prismq.runner.adapters.persistence.jdbc.BlockLogStore;
import org.prismq.runner.adapters.persistence.jdbc.JdbcModuleConfigs;
import org.prismq.runner.adapters.persistence.jdbc.JdbcProcessRecords;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRunDeletion;
import org.prismq.runner.adapters.persistence.jdbc.JdbcRuns;
import org.prismq.runner.adapters.persistence.postgres.PostgresCluster;
import org.prismq.runner.adapters.persistence.postgres.PostgresDatabase;
import org.prismq.runner.adapters.persistence.postgres.PostgresLaunchQueue;
import org.prismq.runner.adapters.persistence.sqlite.SqliteDatabase;
import org.prismq.runner.adapters.process.LauncherSettings;
import org.prismq.runner.adapters.process.OsProcessReaper;
import org.prismq.runner.adapters.process.OsSystemResources;
import org.prismq.runner.adapters.process.ProcessBuilderLauncher;
import org.prismq.runner.application.port.out.DatabaseSize;
import org.prismq.runner.application.port.out.LogStore;
import org.prismq.runner.application.port.out.ModuleConfigs;
import org.prismq.runner.application.port.out.NodeId;
import org.prismq.runner.application.port.out.ProcessLauncher;
import org.prismq.runner.application.port.out.ProcessRecords;
import org.prismq.runner.application.port.out.RunDeletion;
import org.prismq.runner.application.port.out.RunIdGenerator;
import org.prismq.runner.application.port.out.Runs;
import org.prismq.runner.application.port.out.StorageHealth;
import org.prismq.runner.application.service.CancelRunService;
import org.prismq.runner.application.service.DeleteRunsService;
import org.prismq.runner.application.service.LaunchRunService;
import org.prismq.runner.application.service.LogService;
import org.prismq.runner.application.service.ModuleService;
import org.prismq.runner.application.execution.NodeMode;
import org.prismq.runner.application.execution.NodeSettings;
import org.prismq.runner.application.execution.LeftoverProcesses;
import org.prismq.runner.application.execution.RunEngine;
import org.prismq.runner.application.service.QueryRunsService;
import org.prismq.runner.application.service.Retention;
import org.prismq.runner.application.execution.NodeRuns;
import org.prismq.runner.application.execution.RunSupervisor;
import org.prismq.runner.application.execution.RunnerSettings;
import org.prismq.runner.application.service.SystemStatusService;
import org.prismq.runner.domain.run.RunId;

/**
 * The running service: every adapter wired to the application by plain constructor calls. {@link #close} shuts
 * it down in order: no new runs, running ones stopped and recorded (their followers get their last lines and
 * the end), then the HTTP server, then the database.
 */
public final class Service implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Service.class.getName());
    private static final Duration CATALOG_CHECK_INTERVAL = Duration.ofSeconds(2);
    private static final Duration OUTPUT_DRAIN_TIMEOUT = Duration.ofSeconds(2);
    /** How often a node beats its heart and looks for work, cancels and dead nodes (see {@link NodeSettings}). */
    private static final Duration NODE_TICK = Duration.ofSeconds(1);
    /** How often retention (--keep-days, --keep-runs) looks for runs to delete, after its pass at start. */
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String url;

    private Service(Config config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException failure) {
            throw new StartupException("cannot create the data directory " + config.dataDir() + ": "
                    + failure.getMessage(), failure);
        }
        // Before anything reads or writes the data dir, and released last. With --database the database keeps
        // the nodes apart, and nodes on one host may share a data dir: it holds only the demo modules then.
        if (config.database() == null) {
            closeables.push(DataDirLock.acquire(config.dataDir()));
        }
        try {
            this.url = wire(config);
        } catch (RuntimeException failure) {
            close();
            throw failure;
        }
    }

    /** Builds and starts everything but the data dir's lock; returns the base URL. */
    private String wire(Config config) {
        Clock clock = Clock.systemUTC();
        JsonModuleCatalog catalog = loadCatalog(config);
        Storage storage = config.database() == null ? Storage.sqlite(config.dataDir()) : Storage.postgres(config);
        closeables.push(storage.database());
        // Closed after the run engine, which leaves the cluster, and before the database.
        closeables.push(storage.clusterCloser());
        Runs runs = storage.runs();
        LogStore logs = storage.logs();
        ModuleConfigs configs = storage.configs();
        OsSystemResources resources = new OsSystemResources(config.dataDir());
        ProcessLauncher launcher = new RecordingLauncher(new ProcessBuilderLauncher(
                new LauncherSettings(config.maxLineLength(), OUTPUT_DRAIN_TIMEOUT)), storage.processes());
        RunnerSettings settings = new RunnerSettings(config.maxConcurrent(), config.queueSize(),
                config.runTimeout(), config.gracePeriod(), config.maxBufferSize(),
                RunnerSettings.DEFAULTS.maxBufferBytes(), config.minFreeMemoryMb(), config.maxCpuPercent(),
                config.minFreeDiskMb(), RunnerSettings.DEFAULT_CPU_WINDOW, config.maxRunOutputMb());

        PrometheusMetrics metrics = new PrometheusMetrics();
        OsProcessReaper reaper = new OsProcessReaper();
        RunEngine engine = RunEngine.builder(runs, logs, launcher, catalog, clock, settings, storage.mode())
                .resources(resources).metrics(metrics)
                .leftovers(new LeftoverProcesses(storage.processes(), reaper, config.gracePeriod())).build();
        // Also what a crash between a start and its record left: the cgroups of earlier lives that are gone.
        reaper.reapAbandonedCgroups(config.gracePeriod());
        engine.recover();
        RunSupervisor supervisor = engine.supervisor();
        NodeRuns nodeRuns = engine.nodeRuns();
        metrics.watchRuns(nodeRuns::queuedCount, nodeRuns::runningCount, nodeRuns::waitingForResourcesCount);
        LogService logService = new LogService(logs, nodeRuns);
        ModuleService moduleService = new ModuleService(catalog, configs, runs, clock);
        HttpUseCases useCases = new HttpUseCases(
                new LaunchRunService(catalog, configs, supervisor, randomRunIds(), clock),
                new CancelRunService(supervisor),
                new DeleteRunsService(storage.deletion()),
                new QueryRunsService(runs, nodeRuns),
                logService,
                logService,
                moduleService,
                moduleService,
                new SystemStatusService(Version.current(), clock, catalog, runs, nodeRuns, resources,
                        storage.health(), storage.size()));
        HttpApi http = new HttpApi(new HttpApiSettings(config.host(), config.port(), config.token(),
                config.corsOrigins(), config.allowedHosts(), config.keepalive(), Version.current(),
                config.maxConnections()), useCases, metrics);
        // Closed in reverse order of pushing: the run engine first, so followers still get the end of each run.
        closeables.push(http);
        InetSocketAddress address;
        try {
            address = http.start();
        } catch (IOException failure) {
            throw new StartupException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + failure.getMessage(), failure);
        }
        closeables.push(engine);
        engine.start();
        closeables.push(watchCatalog(catalog));
        Retention.Settings retention = new Retention.Settings(config.keepDays(), config.keepRuns());
        if (!retention.isOff()) {
            closeables.push(applyRetention(new Retention(storage.deletion(), clock, retention)));
        }
        return "http://" + hostForUrl(config.host()) + ":" + address.getPort();
    }

    /**
     * Starts the service on {@code config}.
     *
     * @throws StartupException when it cannot start (a broken catalog, a busy port, an unusable data dir)
     */
    public static Service start(Config config) {
        try {
            return new Service(config);
        } catch (CatalogException | IllegalStateException | IllegalArgumentException | UncheckedIOException refused) {
            throw new StartupException(refused.getMessage(), refused);
        }
    }

    /** The base URL the service answers on, with the real port. */
    public String url() {
        return url;
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        while (!closeables.isEmpty()) {
            AutoCloseable next = closeables.pop();
            try {
                next.close();
            } catch (Exception failure) {
                LOG.log(System.Logger.Level.ERROR, "shutting down " + next.getClass().getSimpleName() + " failed",
                        failure);
            }
        }
        closed.countDown();
    }

    private static JsonModuleCatalog loadCatalog(Config config) {
        Path catalogFile = config.modules();
        if (catalogFile == null) {
            Path local = Path.of("modules.json");
            catalogFile = Files.isRegularFile(local) ? local : DemoModules.install(config.dataDir());
        } else if (!Files.isRegularFile(catalogFile)) {
            throw new StartupException("the module catalog " + catalogFile + " does not exist", null);
        }
        JsonModuleCatalog catalog = JsonModuleCatalog.load(catalogFile.toAbsolutePath(), config.scriptsRoot(),
                config.scriptsOutsideRootAllowed() ? ScriptsOutsideRoot.ALLOWED : ScriptsOutsideRoot.REFUSED);
        LOG.log(System.Logger.Level.INFO, "loaded " + catalog.modules().size() + " modules from " + catalogFile);
        return catalog;
    }

    /** Picks up edits of the catalog file without a restart; a broken edit keeps the last good catalog. */
    private static AutoCloseable watchCatalog(JsonModuleCatalog catalog) {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("prismq-catalog-watch").factory());
        watcher.scheduleWithFixedDelay(() -> {
            ReloadResult result = catalog.reloadIfChanged();
            if (result.changed()) {
                LOG.log(System.Logger.Level.INFO, "module catalog reloaded: " + result.moduleCount() + " modules");
            }
        }, CATALOG_CHECK_INTERVAL.toMillis(), CATALOG_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return watcher::shutdownNow;
    }

    /** Applies retention now, in the background, and then every {@link #RETENTION_INTERVAL}. */
    private static AutoCloseable applyRetention(Retention retention) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("prismq-retention").factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                retention.apply();
            } catch (RuntimeException failure) {
                // A failed pass (the database busy or full) must not end the schedule: the next pass tries again.
                LOG.log(System.Logger.Level.WARNING, "applying retention failed; trying again in "
                        + RETENTION_INTERVAL.toMinutes() + " min", failure);
            }
        }, 0, RETENTION_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }

    /**
     * The storage adapters, all on one database, which the service closes last; and the node's mode: alone on
     * SQLite, with its queue in memory, or sharing its queue with every node on PostgreSQL.
     */
    private record Storage(AutoCloseable database, StorageHealth health, Runs runs, LogStore logs,
            ModuleConfigs configs, ProcessRecords processes, NodeMode mode, AutoCloseable clusterCloser,
            RunDeletion deletion, DatabaseSize.Source size) {

        static Storage sqlite(Path dataDir) {
            SqliteDatabase database = SqliteDatabase.open(dataDir);
            JdbcRuns runs = new JdbcRuns(database);
            return new Storage(database, database, runs, new BlockLogStore(database),
                    new JdbcModuleConfigs(database), new JdbcProcessRecords(database), NodeMode.standalone(runs),
                    () -> { }, new JdbcRunDeletion(database), database);
        }

        static Storage postgres(Config config) {
            Config.Database db = config.database();
            PostgresDatabase database = PostgresDatabase.open(db.url(), db.user(), db.password());
            // The database's text form masks a password given in the URL.
            LOG.log(System.Logger.Level.INFO, "storing runs and logs in PostgreSQL at " + database);
            JdbcRuns runs = new JdbcRuns(database);
            PostgresCluster cluster = new PostgresCluster(database);
            NodeSettings node = new NodeSettings(config.nodeId() != null ? config.nodeId() : generatedNodeId(),
                    NODE_TICK, config.nodeTimeout());
            LOG.log(System.Logger.Level.INFO, "service node " + node.id() + " shares its launch queue with the other "
                    + "nodes on the database");
            return new Storage(database, database, runs, new BlockLogStore(database),
                    new JdbcModuleConfigs(database), new JdbcProcessRecords(database),
                    NodeMode.sharedDatabase(new PostgresLaunchQueue(database, runs), cluster, node), cluster,
                    new JdbcRunDeletion(database), database);
        }
    }

    /** The host's name, made fit for a node id, and a random suffix, so that two nodes on one host differ. */
    private static NodeId generatedNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException unknown) {
            host = "node";
        }
        host = NodeId.fitting(host);
        host = host.substring(0, Math.min(host.length(), 50));
        return new NodeId(host + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()));
    }

    private static RunIdGenerator randomRunIds() {
        SecureRandom random = new SecureRandom();
        return (module, createdAt) -> RunId.create(module, createdAt, random.nextInt());
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
