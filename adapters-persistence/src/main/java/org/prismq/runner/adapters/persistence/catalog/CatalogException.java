package org.prismq.runner.adapters.persistence.catalog;

/**
 * A module catalog that cannot be used: unreadable, not JSON, or not a valid catalog. The message names the
 * file, the module (its id, or {@code modules[i]} when the id is unusable) and the field, and never carries a
 * stack trace or the value of an {@code env} entry, so it can be logged or shown as it is.
 */
public final class CatalogException extends RuntimeException {

    CatalogException(String message) {
        super(message);
    }

    CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
