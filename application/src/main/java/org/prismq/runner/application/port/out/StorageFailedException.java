package org.prismq.runner.application.port.out;

import java.util.Objects;

/**
 * A storage port ({@link Runs}, {@link LogStore}, {@link ModuleConfigs}, {@link LaunchQueue}) could not do what
 * it was asked: the database failed, is full, or holds something this version cannot read. Nothing of the
 * failed call was stored (each call is one transaction); what was stored before stays readable. The message says
 * what failed and why in the database's own words, and the cause is the original error.
 *
 * <p>{@link #problem()} tells a failure that may pass by itself (a full disk, an unreachable server) from one
 * that will not, so that a caller can hold work back, report storage as degraded, or refuse with 503.
 */
public class StorageFailedException extends RuntimeException {

    /** What kind of failure it is. */
    public enum Problem {
        /** No space is left for the database (a full disk, or a database at its size limit). */
        FULL,
        /** The database cannot be reached or written for another reason: I/O error, read-only, lost server. */
        UNAVAILABLE,
        /** The database holds something this version cannot read: retrying does not help. */
        CORRUPT
    }

    private final Problem problem;

    public StorageFailedException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
