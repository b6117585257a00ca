package org.prismq.runner.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.in.LogSubscription;

/**
 * A subscription that yields what the test pushes, and {@code Idle} when nothing arrives within the wait or when
 * it is woken.
 */
final class ScriptedSubscription implements LogSubscription {

    /** Queued by {@link #wakeUp}: the waiting or the next {@link #next} returns it. */
    private static final FollowEvent WOKEN = new FollowEvent.Idle();

    private final BlockingQueue<FollowEvent> events = new LinkedBlockingQueue<>();
    private final CountDownLatch woken = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Duration lastWait;

    void push(FollowEvent... next) {
        events.addAll(List.of(next));
    }

    @Override
    public FollowEvent next(Duration maxWait) throws InterruptedException {
        lastWait = maxWait;
        FollowEvent event = events.poll(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        return event == null ? new FollowEvent.Idle() : event;
    }

    @Override
    public void wakeUp() {
        events.add(WOKEN);
        woken.countDown();
    }

    @Override
    public void close() {
        closed.countDown();
    }

    boolean awaitClosed(Duration deadline) throws InterruptedException {
        return closed.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean awaitWoken(Duration deadline) throws InterruptedException {
        return woken.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    Duration lastWait() {
        return lastWait;
    }
}
