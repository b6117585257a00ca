package org.prismq.runner.application.port.out;

/**
 * How much room the database takes: what {@code GET /api/system/stats} reports, and what deleting runs gives
 * back.
 *
 * @param sizeBytes what the database occupies on disk, or -1 when unknown
 * @param freeBytes of that, what is unused and reused by the next writes, or -1 when the database does not tell
 */
public record DatabaseSize(long sizeBytes, long freeBytes) {

    public static final DatabaseSize UNKNOWN = new DatabaseSize(-1, -1);

    /** Where the size of the database comes from. Thread-safe; a query of the database, not a cached figure. */
    @FunctionalInterface
    public interface Source {
        DatabaseSize databaseSize();
    }
}
