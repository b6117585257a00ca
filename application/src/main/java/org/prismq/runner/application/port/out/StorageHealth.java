package org.prismq.runner.application.port.out;

/**
 * Whether the storage could write lately, for health reports. Implementations remember the outcome of the last
 * write: a write that failed with {@link StorageFailedException.Problem#FULL} or
 * {@link StorageFailedException.Problem#UNAVAILABLE} makes the storage degraded, and the next write that
 * succeeds makes it healthy again. Nothing is probed: a caller that wants to know whether storage works now
 * tries the write it needs (a launch inserting its run, say), which is all or nothing. Thread-safe and cheap.
 */
@FunctionalInterface
public interface StorageHealth {

    /** A storage that never fails, for doubles. */
    StorageHealth ALWAYS_WRITABLE = () -> StorageState.WRITABLE;

    StorageState state();
}
