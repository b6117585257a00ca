package org.prismq.runner.application.port.in;

import java.time.Duration;

/**
 * One reader's position in one run's output. It holds only its position: a slow reader falls behind and catches
 * up from storage, costing the service no memory per line. Not thread-safe, except {@link #wakeUp}: one reader,
 * one thread.
 */
public interface LogSubscription extends AutoCloseable {

    /**
     * Waits up to {@code maxWait} for the next event: lines first (up to a batch), a status change, and the
     * {@link FollowEvent.Completed} once the run has ended and every line was yielded; after that, always
     * {@code Completed} again. {@link FollowEvent.Deleted}, and after that always again, when the run was deleted
     * before its end reached the reader. Once the reader has every line, also the latest {@link FollowEvent.Frame}
     * of the line being written, when there is a new one (only for a run whose process this service runs: a run of
     * another node on a shared database has none). {@link FollowEvent.Idle} when nothing happened within the
     * wait.
     */
    FollowEvent next(Duration maxWait) throws InterruptedException;

    /**
     * Ends the reader's wait from another thread, e.g. when the service stops: a {@link #next} that is waiting
     * returns {@link FollowEvent.Idle} at once, or else the next call does. Thread-safe, unlike the rest.
     */
    void wakeUp();

    /** Releases the subscription; idempotent. */
    @Override
    void close();
}
