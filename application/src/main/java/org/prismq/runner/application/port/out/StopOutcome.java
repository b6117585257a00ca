package org.prismq.runner.application.port.out;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a stop of a run's processes achieved: the pids of the processes still alive after the forced kill and its
 * bounded wait, in no particular order; empty when nothing of the run is left.
 */
public record StopOutcome(List<Long> survivors) {

    /** Nothing is left. */
    public static final StopOutcome ALL_STOPPED = new StopOutcome(List.of());

    public StopOutcome {
        survivors = List.copyOf(survivors);
    }

    public boolean allStopped() {
        return survivors.isEmpty();
    }

    /** For a run's record: {@code "processes 12, 34 could not be stopped"}, or empty when all were. */
    public String describe() {
        if (survivors.isEmpty()) {
            return "";
        }
        return (survivors.size() == 1 ? "process " : "processes ")
                + survivors.stream().map(String::valueOf).collect(Collectors.joining(", "))
                + " could not be stopped";
    }
}
