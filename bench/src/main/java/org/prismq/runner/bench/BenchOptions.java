package org.prismq.runner.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** The benchmark's command line. */
record BenchOptions(Set<String> scenarios, Path serviceJar, Path jfrDir, boolean keep, List<String> serviceJvm,
                    long captureLines, int captureRepeat, int captureWarmup,
                    int latencyReaders, int latencySeconds,
                    int fanoutReaders, int fanoutSeconds, int leadInSeconds,
                    int idleStreams, int idleHoldSeconds, int idleKeepaliveSeconds,
                    long memoryLines, String memoryHeap, PostgresTarget postgres, Readers readers, int readLoops) {

    static final List<String> ALL = List.of("capture", "capture-reader", "latency", "fanout", "idle", "memory",
            "search");

    static final String USAGE = """
            Usage: java -jar bench/target/prismq-runner-bench.jar [options]
              --only LIST             scenarios to run, comma-separated: capture,capture-reader,latency,fanout,
                                      idle,memory,search (all)
              --quick                 smaller variants of every scenario, for a check in about a minute
              --service-jar PATH      the service jar (bootstrap/target/prismq-runner.jar)
              --service-jvm-option X  an extra JVM option of the service, repeatable (e.g. -XX:+UseParallelGC)
              --jfr DIR               record each scenario's service with JFR into DIR/<scenario>.jfr
              --keep                  keep the temporary folder (data, logs, catalog) and print where it is
              --capture-lines N       lines of the capture run (1000000); --repeat N its runs (3)
              --warmup N              uncounted runs of that size before them, so that the figures are those of
                                      a service whose JIT is done (2; 0 with --quick)
              --latency-readers N     SSE readers of the latency run (100); --latency-seconds N its length (10)
              --fanout-readers N      SSE readers of the fan-out run (1000); --fanout-seconds N its length (10)
              --lead-in-seconds N     lines each live run sends before the timed ones, checked but not timed, so
                                      that the timed lines find every new stream past its first writes (2; 1
                                      with --quick)
              --readers KIND          how the SSE readers read once connected: loop (a few threads with a
                                      selector each read every stream), virtual or platform (a thread per
                                      reader, blocked in its own read) (loop)
              --read-loops N          the threads of --readers loop (2)
              --idle-streams N        idle SSE streams (10000); --idle-hold-seconds N how long they are held (12)
              --memory-lines N        lines of the memory run and of the search run (10000000);
                                      --memory-heap SIZE the memory run's -Xmx (256m)
              --postgres-url URL      also measure capture on this PostgreSQL (jdbc:postgresql://host/db; default
                                      PRISMQ_TEST_POSTGRES_URL): the bench's runs are deleted afterwards
              --postgres-user U, --postgres-password P
                                      its credentials (PRISMQ_TEST_POSTGRES_USER, PRISMQ_TEST_POSTGRES_PASSWORD)
              --help                  this text
            """;

    /** How the benchmark's SSE readers read their streams once connected. */
    enum Readers {
        /** {@link ReadLoops}: a few threads, a selector each. */
        LOOP,
        /** A virtual thread per reader. */
        VIRTUAL,
        /** A platform thread per reader. */
        PLATFORM
    }

    /** A PostgreSQL database for the capture scenario's PostgreSQL variant; user and password may be null. */
    record PostgresTarget(String url, String user, String password) {

        /** The URL and user, never the password. */
        @Override
        public String toString() {
            return url + (user == null ? "" : " as " + user);
        }
    }

    static BenchOptions parse(String[] args) {
        return parse(args, System::getenv);
    }

    static BenchOptions parse(String[] args, Function<String, String> environment) {
        boolean quick = Arrays.asList(args).contains("--quick");
        Set<String> scenarios = new LinkedHashSet<>(ALL);
        Path jar = Path.of("bootstrap", "target", "prismq-runner.jar");
        Path jfr = null;
        boolean keep = false;
        Readers readers = Readers.LOOP;
        int readLoops = 2;
        List<String> jvm = new ArrayList<>();
        long captureLines = quick ? 200_000 : 1_000_000;
        int repeat = quick ? 1 : 3;
        int warmup = quick ? 0 : 2;
        int latencyReaders = 100;
        int latencySeconds = quick ? 3 : 10;
        int fanoutReaders = quick ? 200 : 1_000;
        int fanoutSeconds = quick ? 3 : 10;
        int leadInSeconds = quick ? 1 : 2;
        int idleStreams = quick ? 1_000 : 10_000;
        int idleHold = quick ? 7 : 12;
        long memoryLines = quick ? 1_000_000 : 10_000_000;
        String memoryHeap = "256m";
        String postgresUrl = environment.apply("PRISMQ_TEST_POSTGRES_URL");
        String postgresUser = environment.apply("PRISMQ_TEST_POSTGRES_USER");
        String postgresPassword = environment.apply("PRISMQ_TEST_POSTGRES_PASSWORD");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> {
                    // read above: it sets the defaults that later options override
                }
                case "--keep" -> keep = true;
                case "--readers" -> readers = readers(value(args, ++i, option));
                case "--read-loops" -> readLoops = (int) positive(args, ++i, option);
                case "--only" -> {
                    scenarios = new LinkedHashSet<>(Arrays.asList(value(args, ++i, option).split(",")));
                    if (!ALL.containsAll(scenarios)) {
                        throw new IllegalArgumentException("--only takes some of " + ALL + ", got " + scenarios);
                    }
                }
                case "--service-jar" -> jar = Path.of(value(args, ++i, option));
                case "--service-jvm-option" -> jvm.add(value(args, ++i, option));
                case "--jfr" -> jfr = Path.of(value(args, ++i, option));
                case "--capture-lines" -> captureLines = positive(args, ++i, option);
                case "--repeat" -> repeat = (int) positive(args, ++i, option);
                case "--warmup" -> warmup = (int) atLeast(0, args, ++i, option);
                case "--latency-readers" -> latencyReaders = (int) positive(args, ++i, option);
                case "--latency-seconds" -> latencySeconds = (int) positive(args, ++i, option);
                case "--fanout-readers" -> fanoutReaders = (int) positive(args, ++i, option);
                case "--fanout-seconds" -> fanoutSeconds = (int) positive(args, ++i, option);
                case "--lead-in-seconds" -> leadInSeconds = (int) atLeast(0, args, ++i, option);
                case "--idle-streams" -> idleStreams = (int) positive(args, ++i, option);
                case "--idle-hold-seconds" -> idleHold = (int) positive(args, ++i, option);
                case "--memory-lines" -> memoryLines = positive(args, ++i, option);
                case "--memory-heap" -> memoryHeap = value(args, ++i, option);
                case "--postgres-url" -> postgresUrl = value(args, ++i, option);
                case "--postgres-user" -> postgresUser = value(args, ++i, option);
                case "--postgres-password" -> postgresPassword = value(args, ++i, option);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new BenchOptions(scenarios, jar, jfr, keep, List.copyOf(jvm), captureLines, repeat, warmup,
                latencyReaders, latencySeconds, fanoutReaders, fanoutSeconds, leadInSeconds, idleStreams, idleHold, 5,
                memoryLines, memoryHeap, postgresUrl == null || postgresUrl.isBlank() ? null
                        : new PostgresTarget(postgresUrl, postgresUser, postgresPassword), readers, readLoops);
    }

    private static Readers readers(String text) {
        for (Readers kind : Readers.values()) {
            if (kind.name().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("--readers takes loop, virtual or platform, got " + text);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long positive(String[] args, int i, String option) {
        return atLeast(1, args, i, option);
    }

    private static long atLeast(long minimum, String[] args, int i, String option) {
        String text = value(args, i, option);
        try {
            long number = Long.parseLong(text.replace("_", ""));
            if (number < minimum) {
                throw new IllegalArgumentException(option + " must be at least " + minimum + ", was " + text);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was " + text);
        }
    }
}
