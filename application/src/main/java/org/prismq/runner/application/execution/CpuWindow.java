package org.prismq.runner.application.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The host's CPU load averaged over a span of time, so that a moment's spike (the service's own start, a browser
 * opening) does not hold runs back. Takes at most one sample a second; samples older than the span are dropped.
 * Not thread-safe: its owner serialises the calls.
 */
final class CpuWindow {

    private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

    private record Sample(Instant at, double percent) {
    }

    private final Duration span;
    private final Deque<Sample> samples = new ArrayDeque<>();

    CpuWindow(Duration span) {
        this.span = span;
    }

    /**
     * Adds {@code percent}, read at {@code at}, unless it is unknown (negative) or the last sample is less than a
     * second old, and returns the mean of the samples taken within the span
     * before {@code at}; negative when none is known.
     */
    double add(Instant at, double percent) {
        Sample last = samples.peekLast();
        if (percent >= 0 && (last == null || !at.isBefore(last.at().plus(SAMPLE_INTERVAL)))) {
            samples.addLast(new Sample(at, percent));
        }
        Instant oldest = at.minus(span);
        while (!samples.isEmpty() && !samples.peekFirst().at().isAfter(oldest)) {
            samples.removeFirst();
        }
        return samples.stream().mapToDouble(Sample::percent).average().orElse(-1);
    }
}
