package org.prismq.runner.application.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * The storage's health as last seen: writable, or degraded since {@code since} for {@code reason}.
 *
 * @param problem null when writable
 * @param reason  the last failure's message, null when writable
 * @param since   when the storage was first seen failing in a row of failures, null when writable
 */
public record StorageState(StorageFailedException.Problem problem, String reason, Instant since) {

    public static final StorageState WRITABLE = new StorageState(null, null, null);

    public StorageState {
        if ((problem == null) != (reason == null) || (problem == null) != (since == null)) {
            throw new IllegalArgumentException("problem, reason and since are all given or all null");
        }
    }

    public static StorageState degraded(StorageFailedException.Problem problem, String reason, Instant since) {
        return new StorageState(Objects.requireNonNull(problem, "problem"), Objects.requireNonNull(reason, "reason"),
                Objects.requireNonNull(since, "since"));
    }

    public boolean writable() {
        return problem == null;
    }
}
