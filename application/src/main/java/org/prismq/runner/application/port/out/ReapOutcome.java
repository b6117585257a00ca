package org.prismq.runner.application.port.out;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link ProcessReaper#reap} found and did: the pids of the leftover processes it stopped, and of those still
 * alive after the forced kill.
 */
public record ReapOutcome(List<Long> stopped, List<Long> survivors) {

    /** Nothing was left. */
    public static final ReapOutcome NOTHING_LEFT = new ReapOutcome(List.of(), List.of());

    public ReapOutcome {
        stopped = List.copyOf(stopped);
        survivors = List.copyOf(survivors);
    }

    /** For a run's record: {@code "its leftover processes 12, 34 were stopped"}, or empty when none were left. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (!stopped.isEmpty()) {
            text.append("its leftover ").append(stopped.size() == 1 ? "process " : "processes ")
                    .append(pids(stopped)).append(stopped.size() == 1 ? " was" : " were").append(" stopped");
        }
        if (!survivors.isEmpty()) {
            text.append(text.isEmpty() ? "" : "; ").append(survivors.size() == 1 ? "process " : "processes ")
                    .append(pids(survivors)).append(" could not be stopped");
        }
        return text.toString();
    }

    private static String pids(List<Long> pids) {
        return pids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
