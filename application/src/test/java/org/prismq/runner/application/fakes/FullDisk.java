package org.prismq.runner.application.fakes;

import java.time.Instant;

import org.prismq.runner.application.port.out.StorageFailedException;
import org.prismq.runner.application.port.out.StorageHealth;
import org.prismq.runner.application.port.out.StorageState;

/**
 * A disk that the test fills and empties, shared by in-memory stores: while full, every write fails as SQLite's
 * does on a full disk (a {@link StorageFailedException} of {@link StorageFailedException.Problem#FULL}, nothing of
 * the call stored); reads keep working. Its health is what a database reports after its last write.
 */
public final class FullDisk implements StorageHealth {

    private volatile boolean full;
    private volatile StorageState state = StorageState.WRITABLE;
    private volatile int failedWrites;

    public void fill() {
        full = true;
    }

    public void free() {
        full = false;
    }

    /** How many writes failed so far. */
    public int failedWrites() {
        return failedWrites;
    }

    /** Called by a store before it writes anything of a call: throws while the disk is full. */
    void write() {
        if (full) {
            StorageFailedException failure = new StorageFailedException(StorageFailedException.Problem.FULL,
                    "the database test.db is full (no space left on its disk, or at its size limit): "
                            + "[SQLITE_FULL] database or disk is full", null);
            synchronized (this) {
                failedWrites++;
                if (state.writable()) {
                    state = StorageState.degraded(failure.problem(), failure.getMessage(), Instant.EPOCH);
                }
            }
            throw failure;
        }
        state = StorageState.WRITABLE;
    }

    @Override
    public StorageState state() {
        return state;
    }
}
