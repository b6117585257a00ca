package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.SQLException;

import org.prismq.runner.application.port.out.StorageFailedException;

/**
 * The database failed or holds something this version cannot read; the cause, if any, is the original error.
 * The stores of this module throw only this for storage failures, so callers of the ports see a
 * {@link StorageFailedException}.
 */
public final class StorageException extends StorageFailedException {

    public StorageException(Problem problem, String message, Throwable cause) {
        super(problem, message, cause);
    }

    /** A failure of the database ({@link Problem#UNAVAILABLE}) when the cause is one, else unreadable data. */
    public StorageException(String message, Throwable cause) {
        this(cause instanceof SQLException || cause instanceof InterruptedException ? Problem.UNAVAILABLE
                : Problem.CORRUPT, message, cause);
    }

    /** Stored data this version cannot read ({@link Problem#CORRUPT}). */
    public StorageException(String message) {
        this(Problem.CORRUPT, message, null);
    }
}
