package org.prismq.runner.domain.run;

import java.util.List;
import java.util.Objects;


/** One page of runs and how many runs match the filter in all. */
public record RunPage(List<Run> runs, long total) {

    public RunPage {
        runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
        if (total < runs.size()) {
            throw new IllegalArgumentException("total " + total + " is less than the page size " + runs.size());
        }
    }
}
