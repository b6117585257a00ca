package org.prismq.runner.adapters.persistence.sqlite;

/** The database failed or holds something this version cannot read; the cause, if any, tells why. */
final class StorageException extends RuntimeException {

    StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    StorageException(String message) {
        super(message);
    }
}
