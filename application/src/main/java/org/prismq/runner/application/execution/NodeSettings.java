package org.prismq.runner.application.execution;

import java.time.Duration;
import java.util.Objects;

import org.prismq.runner.application.port.out.NodeId;

/**
 * This service node among the nodes that share its database.
 *
 * @param id        the node's name, which marks the runs it claims
 * @param tick      how often the node beats its heart, looks for queued runs, cancel requests and nodes that
 *                  died, and looks again at the runs it follows through storage
 * @param timeout   how long a node may stay silent before the others record its runs as failed
 */
public record NodeSettings(NodeId id, Duration tick, Duration timeout) {

    /** A service alone on its database. */
    public static final NodeSettings STANDALONE = new NodeSettings(new NodeId("standalone"), Duration.ofSeconds(1),
            Duration.ofSeconds(15));

    public NodeSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(timeout, "timeout");
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive, was " + tick);
        }
        if (timeout.compareTo(tick.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("the node timeout (" + timeout.toSeconds() + " s) must be at least "
                    + "three heartbeats (" + tick.multipliedBy(3).toMillis() + " ms)");
        }
    }
}
