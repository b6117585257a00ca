package org.prismq.runner.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Figures 2 and 3, live latency and fan-out: the ticker prints one timestamped line a millisecond to R SSE readers
 * that all connected before the first line: a lead-in, then the timed lines. Each reader checks every line arrives
 * once and in order; the delays from print to receipt of the timed lines of all readers together give p50, p99 and
 * max, and those of the lead-in, the first seconds of the new streams, their own p99. The baseline is the same
 * ticker read straight from its pipe by this JVM. Fan-out also reports the live heap with every reader connected
 * (the ticker lingers a few seconds after its last line for that), against the service's live heap before any
 * reader came.
 */
final class LiveScenario {

    private static final long FANOUT_LINGER_MILLIS = 6_000;
    private static final int WARMUP_LINES = 3_000;
    private static final int WARMUP_READERS = 100;
    /** Connections being opened at once: below the service's accept backlog (50), which drops the excess. */
    static final int CONNECT_SLOTS = 32;

    private LiveScenario() {
    }

    static void latency(Bench bench) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        run(bench, "latency", options.latencyReaders(), options.latencySeconds(), 5.0, false);
    }

    static void fanout(Bench bench) throws IOException, InterruptedException {
        BenchOptions options = bench.options();
        run(bench, "fanout", options.fanoutReaders(), options.fanoutSeconds(), 50.0, true);
    }

    private static void run(Bench bench, String name, int readerCount, int seconds, double p99TargetMillis,
                            boolean measureHeap) throws IOException, InterruptedException {
        Report report = bench.report();
        long lines = seconds * 1_000L;
        long leadIn = bench.options().leadInSeconds() * 1_000L;
        // The ticker's first line says it is ready; the lead-in's lines follow it, then the timed ones.
        long expected = 1 + leadIn + lines;
        long timedFrom = leadIn + 2;
        Histogram baseline = bench.tickerThroughPipe(lines);
        ServiceProcess service = bench.startService(name, List.of(), List.of());
        List<SseReader> readers = new ArrayList<>();
        try (ReadLoops loops = loops(bench.options(), name + "-read-loop-")) {
            Api api = new Api(service.url());
            long idleHeap = measureHeap ? service.liveHeapBytes() : -1;
            long idleThreads = service.threads();
            Path startFile = bench.workDir().resolve(name + ".start");
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", service.url().getPort());
            if (WARMUP_LINES > 0) {
                warmUp(bench, api, address, name, Math.min(readerCount, WARMUP_READERS), loops);
            }
            String runId = api.launch(Catalog.TICKER, Map.of("lines", leadIn + lines, "interval_us", 1000,
                    "start_file", startFile.toString(), "linger_ms", measureHeap ? FANOUT_LINGER_MILLIS : 0));
            api.awaitStatus(runId, Set.of("running"), Duration.ofSeconds(60), 20);
            connect(readers, address, runId, readerCount, timedFrom, "sse-reader-", bench.options().readers(),
                    loops);
            long cpuStart = service.cpuNanos();
            long readersCpuStart = Bench.ownCpuNanos();
            long wallStart = System.nanoTime();
            Files.writeString(startFile, "go");

            // The CPU figures are those of the timed lines: from the moment every reader has the lead-in.
            boolean timed = leadIn == 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(leadIn / 1_000 + seconds + 180L);
            while (System.nanoTime() - deadline < 0 && readers.stream().anyMatch(r -> r.lastSeq() < expected
                    && r.error() == null && r.finished().getCount() > 0)) {
                if (!timed && readers.stream().allMatch(r -> r.lastSeq() >= timedFrom - 1)) {
                    timed = true;
                    cpuStart = service.cpuNanos();
                    readersCpuStart = Bench.ownCpuNanos();
                    wallStart = System.nanoTime();
                }
                Thread.sleep(10);
            }
            long wall = System.nanoTime() - wallStart;
            long cpu = service.cpuNanos() - cpuStart;
            long readersCpu = Bench.ownCpuNanos() - readersCpuStart;
            long threadsWith = service.threads();
            long heapWith = measureHeap ? service.liveHeapBytes() : -1;
            for (SseReader reader : readers) {
                reader.finished().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            readers.forEach(SseReader::abort);

            Histogram delays = new Histogram();
            Histogram leadInDelays = new Histogram();
            long delivered = 0;
            long goodReaders = 0;
            String firstProblem = null;
            for (SseReader reader : readers) {
                delays.add(reader.delays());
                leadInDelays.add(reader.leadInDelays());
                delivered += reader.lines();
                String problem = reader.error();
                if (problem == null && reader.lines() != expected) {
                    problem = "received " + reader.lines() + " lines, expected " + expected;
                }
                if (problem == null && (!reader.completed() || reader.completeId() != expected)) {
                    problem = "complete event missing or with id " + reader.completeId();
                }
                if (problem == null) {
                    goodReaders++;
                } else if (firstProblem == null) {
                    firstProblem = problem;
                }
            }
            String status = api.status(runId);
            long stored = api.totalLines(runId);
            List<String> problems = new ArrayList<>();
            if (goodReaders != readerCount) {
                problems.add((readerCount - goodReaders) + " of " + readerCount + " readers failed, e.g. "
                        + firstProblem);
            }
            if (!status.equals("completed") || stored != expected) {
                problems.add("the run ended " + status + " with " + stored + " lines stored, expected " + expected);
            }

            String what = readerCount + " readers, " + String.format("%,d", lines) + " lines at 1/ms after a lead-in "
                    + "of " + String.format("%,d", leadIn) + "; baseline: generator -> pipe -> one reader, no service";
            report.info(name + ".p50", millis(delays.percentile(50)), "ms", millis(baseline.percentile(50)), what);
            report.target(name + ".p99", millis(delays.percentile(99)), "ms", millis(baseline.percentile(99)),
                    problems.isEmpty() && millis(delays.percentile(99)) <= p99TargetMillis,
                    "<= " + (int) p99TargetMillis + " ms");
            report.info(name + ".max", millis(delays.max()), "ms", millis(baseline.max()), "");
            if (leadIn > 0) {
                report.info(name + ".lead_in_p99", millis(leadInDelays.percentile(99)), "ms", null,
                        "the lead-in's lines, the first " + leadIn / 1_000 + " s after the readers connected "
                                + "(checked, not timed)");
            }
            report.info(name + ".service_cpu", 100.0 * cpu / wall, "%", null,
                    "of one core, from the moment every reader had the lead-in to the last line received by every "
                            + "reader");
            report.info(name + ".readers_cpu", 100.0 * readersCpu / wall, "%", null,
                    "of one core, the same time: this benchmark's own process, nearly all of it the readers, which "
                            + "share the service's cores");
            if (measureHeap) {
                report.info(name + ".heap", heapWith / 1e6, "MB", idleHeap / 1e6,
                        "live heap after a full GC with every reader connected (baseline: before any reader)");
                report.info(name + ".threads", threadsWith, "threads", (double) idleThreads,
                        "OS threads with every reader connected (baseline: before any reader)");
            }
            report.check(name + ".correctness", delivered, "lines delivered in order to "
                    + goodReaders + " of " + readerCount + " readers", problems.isEmpty() ? null : String.join("; ",
                    problems));
        } finally {
            readers.forEach(SseReader::abort);
            bench.stopService(service, name);
        }
    }

    /**
     * A short ticker run with up to {@value #WARMUP_READERS} readers, whose figures are dropped: the service's
     * code paths are compiled before the measured run, as they are in a service that has been up a while.
     */
    private static void warmUp(Bench bench, Api api, InetSocketAddress address, String name, int readerCount,
                               ReadLoops loops) throws IOException, InterruptedException {
        Path startFile = bench.workDir().resolve(name + "-warmup.start");
        Files.writeString(startFile, "go");
        String runId = api.launch(Catalog.TICKER, Map.of("lines", WARMUP_LINES, "interval_us", 1000,
                "start_file", startFile.toString(), "linger_ms", 0));
        api.awaitStatus(runId, Set.of("running"), Duration.ofSeconds(60), 20);
        List<SseReader> readers = new ArrayList<>();
        try {
            connect(readers, address, runId, readerCount, Long.MAX_VALUE, "warmup-reader-",
                    bench.options().readers(), loops);
            for (SseReader reader : readers) {
                reader.finished().await(60, TimeUnit.SECONDS);
            }
            api.awaitStatus(runId, Api.TERMINAL, Duration.ofSeconds(60), 20);
        } finally {
            readers.forEach(SseReader::abort);
        }
        bench.report().note(name + ": warmed up with " + WARMUP_LINES + " lines to " + readerCount
                + " readers (not counted)");
    }

    /** The threads that read the streams, or null when each reader reads on its own thread. */
    static ReadLoops loops(BenchOptions options, String name) throws IOException {
        return options.readers() == BenchOptions.Readers.LOOP ? new ReadLoops(options.readLoops(), name) : null;
    }

    /**
     * Opens {@code count} readers of the run's stream, each connecting on a thread of its own (a platform thread
     * with {@code --readers platform}, else a virtual one), and waits for their headers; the streams are then read
     * by {@code loops}, or by those threads when it is null.
     */
    private static void connect(List<SseReader> readers, InetSocketAddress address, String runId, int count,
                                long timedFrom, String threadName, BenchOptions.Readers kind, ReadLoops loops)
            throws IOException, InterruptedException {
        Semaphore slots = new Semaphore(CONNECT_SLOTS);
        CountDownLatch connected = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            SseReader reader = new SseReader(address, "/api/runs/" + runId + "/logs/stream", slots, connected,
                    timedFrom, 300_000, loops);
            readers.add(reader);
            readerThread(kind).name(threadName + i).start(reader);
        }
        if (!connected.await(180, TimeUnit.SECONDS)) {
            throw new IOException("the readers did not connect within 180 s");
        }
        long retries = readers.stream().mapToLong(r -> r.connectAttempts() - 1).sum();
        if (retries > 0) {
            System.out.println("  " + retries + " connection(s) got no answer within 10 s and were opened again");
        }
        long failed = readers.stream().filter(r -> r.error() != null).count();
        if (failed > 0) {
            throw new IOException(failed + " readers failed to connect, e.g. " + readers.stream()
                    .filter(r -> r.error() != null).findFirst().orElseThrow().error());
        }
    }

    /** A reader needs little stack; a daemon, so that a reader stuck in a read never keeps the bench running. */
    static Thread.Builder readerThread(BenchOptions.Readers kind) {
        return kind == BenchOptions.Readers.PLATFORM ? Thread.ofPlatform().daemon().stackSize(256 * 1024)
                : Thread.ofVirtual();
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
