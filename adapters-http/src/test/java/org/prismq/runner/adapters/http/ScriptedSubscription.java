package org.prismq.runner.adapters.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.in.LogSubscription;

/** A subscription that yields what the test pushes, and {@code Idle} when nothing arrives within the wait. */
final class ScriptedSubscription implements LogSubscription {

    private final BlockingQueue<FollowEvent> events = new LinkedBlockingQueue<>();
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
    public void close() {
        closed.countDown();
    }

    boolean awaitClosed(Duration deadline) throws InterruptedException {
        return closed.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    Duration lastWait() {
        return lastWait;
    }
}
