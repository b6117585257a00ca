package org.prismq.runner.adapters.persistence.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.prismq.runner.domain.run.RunId;

/**
 * A bounded cache of run id to the run's integer key ({@code runs.id}), dropping the least recently used. Keys
 * are never reused (see the schema), so an entry cannot go stale. Thread-safe.
 */
public final class RunKeys {

    private final Map<RunId, Long> keys;

    public RunKeys(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RunId, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached key of the run, if any; marks it most recently used. */
    synchronized OptionalLong get(RunId run) {
        Long key = keys.get(run);
        return key == null ? OptionalLong.empty() : OptionalLong.of(key);
    }

    synchronized void put(RunId run, long key) {
        keys.put(run, key);
    }

    /** The run's key: from the cache, else from the {@code runs} table (and then cached); empty for an unknown run. */
    public OptionalLong find(Connection connection, RunId run) throws SQLException {
        OptionalLong cached = get(run);
        if (cached.isPresent()) {
            return cached;
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM runs WHERE run_id = ?")) {
            query.setString(1, run.value());
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return OptionalLong.empty();
                }
                long key = rows.getLong(1);
                put(run, key);
                return OptionalLong.of(key);
            }
        }
    }
}
