package org.prismq.runner.application.fakes;

import org.prismq.runner.application.port.out.ResourceSnapshot;
import org.prismq.runner.application.port.out.SystemResources;

/** Host resources a test sets. */
public final class FixedResources implements SystemResources {

    private volatile ResourceSnapshot snapshot =
            new ResourceSnapshot(8L << 30, 16L << 30, 10.0, 100L << 30);

    public void set(ResourceSnapshot next) {
        this.snapshot = next;
    }

    @Override
    public ResourceSnapshot snapshot() {
        return snapshot;
    }
}
