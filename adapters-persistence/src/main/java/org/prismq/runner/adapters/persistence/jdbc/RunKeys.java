package org.prismq.runner.adapters.persistence.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.prismq.runner.domain.run.RunId;

/**
 * A bounded cache of run id to the run's integer key, dropping the least recently used. Keys are never reused
 * (see the schema), so an entry cannot go stale. Thread-safe.
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
    public synchronized OptionalLong get(RunId run) {
        Long key = keys.get(run);
        return key == null ? OptionalLong.empty() : OptionalLong.of(key);
    }

    public synchronized void put(RunId run, long key) {
        keys.put(run, key);
    }
}
