package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;

/**
 * Followers parked under one lock, woken by a change, a ring or the end of their waits. The ends of waits come from
 * a timer the tests move by hand: a test waits only for a follower to be parked, or for its answer.
 */
class FollowerParkingTest {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private final ManualTimer timer = new ManualTimer();
    private final FollowerParking parking = new FollowerParking(timer);
    private final ExecutorService followers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopFollowers() {
        followers.shutdownNow();
    }

    /** A follower that parks once, on a thread of its own; answers whether its wait ended. */
    private Future<Boolean> follower(long maxWaitNanos, Bell bell) {
        return followers.submit(() -> parkOnce(maxWaitNanos, bell));
    }

    private boolean parkOnce(long maxWaitNanos, Bell bell) throws InterruptedException {
        parking.lock().lock();
        try {
            return parking.park(parking.deadlineIn(maxWaitNanos), bell, this);
        } finally {
            parking.lock().unlock();
        }
    }

    private void awaitParked(int count) {
        Await.until(count + " parked followers", () -> parking.parked() == count);
    }

    private static <T> T answer(Future<T> follower) throws Exception {
        return follower.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aChangeWakesEveryParkedFollowerBeforeTheEndOfItsWait() throws Exception {
        Future<Boolean> first = follower(HOUR, new Bell());
        Future<Boolean> second = follower(HOUR, new Bell());
        awaitParked(2);

        parking.lock().lock();
        Thread[] woken;
        try {
            woken = parking.takeAll();
        } finally {
            parking.lock().unlock();
        }
        FollowerParking.unpark(woken);

        assertEquals(2, woken.length);
        assertFalse(answer(first), "woken by the change, not by the end of its wait");
        assertFalse(answer(second));
        assertEquals(0, parking.parked());
        assertEquals(0, timer.ran(), "no wait ended");
    }

    @Test
    void oneSweepEndsTheWaitsThatEndWithinTenMillisecondsOfTheFirst() throws Exception {
        Future<Boolean> first = follower(100 * MILLI, new Bell());
        awaitParked(1);
        Future<Boolean> soonAfter = follower(100 * MILLI + FollowerParking.SWEEP_EARLY_MILLIS * MILLI, new Bell());
        awaitParked(2);
        Future<Boolean> later = follower(200 * MILLI, new Bell());
        awaitParked(3);

        timer.moveTo(100 * MILLI);

        assertTrue(answer(first));
        assertTrue(answer(soonAfter), "ended up to ten milliseconds early, with the first");
        awaitParked(1);
        assertFalse(later.isDone());
        timer.moveTo(200 * MILLI);
        assertTrue(answer(later));
        assertEquals(2, timer.ran(), "one sweep per distinct end");
    }

    @Test
    void aRingEndsTheWaitOfItsFollowerOnly() throws Exception {
        Bell bell = new Bell();
        Future<Boolean> rung = follower(HOUR, bell);
        Future<Boolean> other = follower(HOUR, new Bell());
        awaitParked(2);

        parking.ring(bell);

        assertFalse(answer(rung), "woken by the ring, not by the end of its wait");
        assertEquals(1, parking.parked());
        assertFalse(other.isDone());
        parking.lock().lock();
        try {
            assertTrue(parking.takeRing(bell));
            assertFalse(parking.takeRing(bell), "a ring is used up once taken");
        } finally {
            parking.lock().unlock();
        }
    }

    @Test
    void aRingWhileNotParkedIsKeptForTheNextWait() {
        Bell bell = new Bell();

        parking.ring(bell);

        parking.lock().lock();
        try {
            assertTrue(parking.takeRing(bell));
        } finally {
            parking.lock().unlock();
        }
    }

    @Test
    void anInterruptedFollowerLeavesTheParking() throws Exception {
        FutureTask<Boolean> follower = new FutureTask<>(() -> parkOnce(HOUR, new Bell()));
        Thread thread = Thread.ofVirtual().start(follower);
        awaitParked(1);

        thread.interrupt();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> answer(follower));
        assertInstanceOf(InterruptedException.class, failure.getCause());
        assertEquals(0, parking.parked());
    }

    @Test
    void waitsOfNoTimeAreOverAndVeryLongWaitsDoNotOverflow() {
        timer.moveTo(5 * MILLI);

        assertTrue(parking.isPast(parking.deadlineIn(0)));
        assertTrue(parking.isPast(parking.deadlineIn(-HOUR)));
        assertFalse(parking.isPast(parking.deadlineIn(Long.MAX_VALUE)));
        assertFalse(parking.isPast(parking.deadlineIn(MILLI)));
    }

    @Test
    void aFollowerParksOnTheBlockerItNames() throws Exception {
        Object owner = new Object();
        FutureTask<Boolean> follower = new FutureTask<>(() -> {
            parking.lock().lock();
            try {
                return parking.park(parking.deadlineIn(HOUR), new Bell(), owner);
            } finally {
                parking.lock().unlock();
            }
        });
        Thread thread = Thread.ofVirtual().start(follower);
        awaitParked(1);

        Await.until("the follower seen parked on its owner",
                () -> LockSupport.getBlocker(thread) == owner);
        thread.interrupt();
        assertThrows(ExecutionException.class, () -> answer(follower));
    }
}
