package org.prismq.runner.application.output;

/**
 * Lines of one run that storage did not take: the failure that stopped storing (kept whole, logged once) and how
 * many lines were not stored since. Once storage failed for a run, its later lines are not written either, so the
 * stored output is a gapless start of what the module printed. Thread-safe.
 */
public final class StorageLoss {

    private Throwable failure;
    private long linesNotStored;

    /** Counts {@code lines} as not stored because of {@code cause}; returns whether this is the first failure. */
    synchronized boolean failed(Throwable cause, int lines) {
        linesNotStored += lines;
        if (failure != null) {
            return false;
        }
        failure = cause;
        return true;
    }

    /** Whether storage failed for this run. */
    public synchronized boolean happened() {
        return failure != null;
    }

    /**
     * For the run's record: {@code "storing the output failed: <why>; 1234 lines were not stored"}; empty when
     * nothing was lost.
     */
    public synchronized String describe() {
        if (failure == null) {
            return "";
        }
        return "storing the output failed, so the run was stopped: " + failure.getMessage() + "; " + linesNotStored
                + (linesNotStored == 1 ? " line was" : " lines were") + " not stored";
    }
}
