package org.prismq.runner.application.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.prismq.runner.application.port.out.RunDeletion;
import org.prismq.runner.domain.run.EndedRunsFilter;

/**
 * The retention of ended runs: those that ended more than {@code keepDays} days ago, and per module all but the
 * newest {@code keepRuns} ended runs, are deleted with their logs each time {@link #apply} is called (the caller
 * schedules it: at start and then periodically). Queued and running runs are never touched. With several nodes on
 * one database each applies it; a run deleted by one is simply not counted by the other. Thread-safe.
 */
public final class Retention {

    private static final System.Logger LOG = System.getLogger(Retention.class.getName());

    private final RunDeletion deletion;
    private final Clock clock;
    private final Settings settings;

    /**
     * @param keepDays how many days an ended run is kept, or {@code null} for no limit by age
     * @param keepRuns how many ended runs of each module are kept, or {@code null} for no limit by count
     */
    public record Settings(Integer keepDays, Integer keepRuns) {

        public static final Settings OFF = new Settings(null, null);

        public Settings {
            if (keepDays != null && keepDays < 1) {
                throw new IllegalArgumentException("keepDays must be at least 1, was " + keepDays);
            }
            if (keepRuns != null && keepRuns < 1) {
                throw new IllegalArgumentException("keepRuns must be at least 1, was " + keepRuns);
            }
        }

        public boolean isOff() {
            return keepDays == null && keepRuns == null;
        }
    }

    /** What one pass deleted. */
    public record Outcome(long tooOld, long beyondCount) {
    }

    public Retention(RunDeletion deletion, Clock clock, Settings settings) {
        this.deletion = Objects.requireNonNull(deletion, "deletion");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Deletes what the settings no longer keep, and logs how many. */
    public Outcome apply() {
        long tooOld = 0;
        long beyondCount = 0;
        if (settings.keepDays() != null) {
            tooOld = deletion.deleteMatching(new EndedRunsFilter(null, null,
                    clock.instant().minus(Duration.ofDays(settings.keepDays()))));
        }
        if (settings.keepRuns() != null) {
            beyondCount = deletion.deleteAllButNewest(settings.keepRuns());
        }
        if (!settings.isOff()) {
            LOG.log(System.Logger.Level.INFO, "retention deleted {0} run(s) ended over {1} day(s) ago and {2} "
                    + "beyond the newest {3} of their module", tooOld, String.valueOf(settings.keepDays()),
                    beyondCount, String.valueOf(settings.keepRuns()));
        }
        return new Outcome(tooOld, beyondCount);
    }
}
