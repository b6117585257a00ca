package org.prismq.runner.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets the machine settle before a timed run, so that a run and its baseline start alike: what the last run left to
 * do (the kernel writing its files back, the service finishing its commits and checkpoints) is not counted in the
 * next one, whichever it is. It first asks the kernel to write back every file now ({@code sync}), then waits until
 * the machine's CPUs were nearly idle over a window of {@value #WINDOW_MILLIS} ms (all processes, from
 * {@code /proc/stat}), for at most {@value #MAX_WAIT_MILLIS} ms. Where there is no {@code /proc/stat}, it only
 * syncs, where it can. Not thread-safe: one timed run at a time.
 */
final class QuietMachine {

    private static final Path STAT = Path.of("/proc/stat");
    private static final long WINDOW_MILLIS = 200;
    private static final long MAX_WAIT_MILLIS = 3_000;
    /** Busy time allowed over a window, in parts of one CPU: 0.2 is 40 ms of the window's 200. */
    private static final double QUIET = 0.2;
    /** What {@code /proc/stat} counts in: the kernel's USER_HZ, 100 a second on every Linux of note. */
    private static final double TICKS_PER_SECOND = 100;

    private final List<Long> waits = new ArrayList<>();
    private int notSettled;

    /** Syncs the files and waits for the CPUs to be nearly idle; how long it waited is kept for {@link #summary}. */
    void settle() throws InterruptedException {
        long start = System.nanoTime();
        sync();
        if (Files.isReadable(STAT)) {
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
            long before = busyTicks();
            boolean quiet = false;
            while (!quiet && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WINDOW_MILLIS));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long after = busyTicks();
                quiet = after - before <= QUIET * TICKS_PER_SECOND * WINDOW_MILLIS / 1000.0;
                before = after;
            }
            if (!quiet) {
                notSettled++;
            }
        }
        waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** How the waits went, for the report; {@code null} before the first. */
    String summary() {
        if (waits.isEmpty()) {
            return null;
        }
        long[] sorted = waits.stream().mapToLong(Long::longValue).sorted().toArray();
        return "before each timed run, files synced and the machine let settle: " + sorted.length + " waits, median "
                + sorted[sorted.length / 2] + " ms, longest " + sorted[sorted.length - 1] + " ms"
                + (notSettled == 0 ? "" : "; " + notSettled + " of them ended without the CPUs quiet, after "
                        + MAX_WAIT_MILLIS + " ms");
    }

    /** Asks the kernel to write every file back now; nothing where there is no {@code sync} command. */
    private static void sync() {
        for (String command : List.of("/bin/sync", "/usr/bin/sync")) {
            if (Files.isExecutable(Path.of(command))) {
                Commands.run(command);
                return;
            }
        }
    }

    /**
     * The ticks all CPUs have been busy, from the first line of {@code /proc/stat}: user, nice, system, irq, softirq
     * and steal (idle and iowait left out; the guest times are counted in user already).
     */
    private static long busyTicks() {
        try (var lines = Files.lines(STAT)) {
            String[] fields = lines.findFirst().orElse("cpu").trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException unreadable) {
            return 0;
        }
    }
}
