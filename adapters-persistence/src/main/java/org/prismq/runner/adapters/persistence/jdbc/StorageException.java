package org.prismq.runner.adapters.persistence.jdbc;

/** The database failed or holds something this version cannot read; the cause, if any, tells why. */
public final class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
