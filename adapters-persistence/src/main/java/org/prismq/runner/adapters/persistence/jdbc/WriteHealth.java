package org.prismq.runner.adapters.persistence.jdbc;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.prismq.runner.application.port.out.StorageFailedException;
import org.prismq.runner.application.port.out.StorageHealth;
import org.prismq.runner.application.port.out.StorageState;

/**
 * The outcome of a database's last write, as its {@link StorageHealth}: a write that failed to store degrades it,
 * one that succeeded restores it. A failure of the caller's own (an {@link IllegalStateException} of the work)
 * and unreadable data say nothing about whether storage can write, and change nothing. Thread-safe.
 */
public final class WriteHealth implements StorageHealth {

    private static final System.Logger LOG = System.getLogger(WriteHealth.class.getName());

    private final String database;
    private final Clock clock;
    private final AtomicReference<StorageState> state = new AtomicReference<>(StorageState.WRITABLE);

    /** @param database how log lines name the database */
    public WriteHealth(String database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public StorageState state() {
        return state.get();
    }

    /** A write was committed. */
    public void succeeded() {
        if (!state.get().writable() && !state.getAndSet(StorageState.WRITABLE).writable()) {
            LOG.log(System.Logger.Level.INFO, "{0} stores again", database);
        }
    }

    /** A write failed with {@code failure}; nothing of it was stored. */
    public void failed(StorageFailedException failure) {
        if (failure.problem() == StorageFailedException.Problem.CORRUPT) {
            return;
        }
        StorageState before = state.getAndUpdate(old -> StorageState.degraded(failure.problem(),
                failure.getMessage(), old.writable() ? clock.instant() : old.since()));
        if (before.writable()) {
            LOG.log(System.Logger.Level.ERROR, database + " cannot store: " + failure.getMessage(), failure);
        }
    }
}
