package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.prismq.runner.application.port.out.ProcessOutput;
import org.prismq.runner.domain.log.LogStream;

/**
 * Collects a process's lines per stream and its stdout frames, and completes a future on exit; notes any call out of
 * contract.
 */
final class RecordingOutput implements ProcessOutput {

    private final Map<LogStream, List<String>> lines = new EnumMap<>(LogStream.class);
    private final List<String> frames = new ArrayList<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private int batches;
    private int exitedCalls;
    private final List<String> violations = new ArrayList<>();

    RecordingOutput() {
        lines.put(LogStream.STDOUT, new ArrayList<>());
        lines.put(LogStream.STDERR, new ArrayList<>());
    }

    @Override
    public synchronized void lines(LogStream stream, List<String> batch) {
        if (exitedCalls > 0) {
            violations.add("lines after exited: " + batch);
        }
        if (batch.isEmpty()) {
            violations.add("empty batch");
        }
        lines.get(stream).addAll(batch);
        batches++;
        notifyAll();
    }

    @Override
    public synchronized void frame(LogStream stream, String text) {
        if (exitedCalls > 0) {
            violations.add("frame after exited: " + text);
        }
        if (stream == LogStream.STDOUT) {
            frames.add(text);
        }
        notifyAll();
    }

    @Override
    public synchronized void exited(int exitCode) {
        exitedCalls++;
        if (exitedCalls > 1) {
            violations.add("exited called " + exitedCalls + " times");
        }
        exit.complete(exitCode);
        notifyAll();
    }

    synchronized List<String> stdout() {
        return List.copyOf(lines.get(LogStream.STDOUT));
    }

    synchronized List<String> stderr() {
        return List.copyOf(lines.get(LogStream.STDERR));
    }

    synchronized List<String> frames() {
        return List.copyOf(frames);
    }

    synchronized int batches() {
        return batches;
    }

    synchronized boolean called() {
        return batches > 0 || exitedCalls > 0;
    }

    boolean hasExited() {
        return exit.isDone();
    }

    /** Waits for the exit and checks that the launcher kept the contract; returns the exit code. */
    int awaitExit(Duration timeout) {
        try {
            int code = exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (this) {
                assertEquals(List.of(), violations, "calls out of contract");
            }
            return code;
        } catch (TimeoutException e) {
            return fail("no exit within " + timeout + "; stdout " + stdout() + ", stderr " + stderr());
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for the first line of {@code stream} matching {@code test}. */
    synchronized String awaitLine(LogStream stream, Predicate<String> test, Duration timeout) {
        return awaitIn(lines.get(stream), test, timeout);
    }

    /** Waits for the first stdout frame matching {@code test}. */
    synchronized String awaitFrame(Predicate<String> test, Duration timeout) {
        return awaitIn(frames, test, timeout);
    }

    private String awaitIn(List<String> seen, Predicate<String> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> match = seen.stream().filter(test).findFirst();
            if (match.isPresent()) {
                return match.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return fail("nothing matching within " + timeout + "; got " + seen);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Waits for a stdout line {@code "<label> <pid>"} and returns that live process. */
    ProcessHandle awaitProcess(String label, Duration timeout) {
        String line = awaitLine(LogStream.STDOUT, l -> l.startsWith(label + " "), timeout);
        long pid = Long.parseLong(line.substring(label.length() + 1).trim());
        return ProcessHandle.of(pid).orElseGet(() -> fail(label + " " + pid + " is not running"));
    }
}
