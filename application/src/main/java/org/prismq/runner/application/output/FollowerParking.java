package org.prismq.runner.application.output;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Followers parked under one lock until something changes ({@link #takeAll}), until their wait ends, or until
 * somebody rings their {@link Bell}. The owner (a run's {@link LiveOutput}) holds {@link #lock()} while it looks
 * for news and parks with {@link #park}, which lets go of the lock while parked.
 *
 * <p>A follower parks without a timeout of its own: the end of its wait is kept in {@link Waiters}, and one timer
 * task per parking (the sweep, on the thread of its {@link WakeTimer}, shared by every output) wakes the followers
 * whose waits end. A timed park would cost a timer of the virtual-thread scheduler for every wake-up of every
 * follower, scheduled and cancelled again, and a wake-up of the scheduler's timer thread each time: with a
 * thousand followers of a busy run that was tens of thousands of thread switches a second. Each follower parks on
 * its own and leaves in constant time, where a shared {@code Condition} would walk every waiter (with ten
 * thousand idle streams, each checking every 250 ms, that walk took most of a core).
 *
 * <p>Thread-safe through {@link #lock()}: every method but {@link #ring}, {@link #parked} and
 * {@link #unpark(Thread[])} expects it held.
 */
final class FollowerParking {

    /**
     * How much earlier than asked a follower's wait may end, so that one timer run ends the waits of many: a
     * wait is "up to" its length, never longer.
     */
    static final long SWEEP_EARLY_MILLIS = 10;
    private static final long SWEEP_EARLY_NANOS = TimeUnit.MILLISECONDS.toNanos(SWEEP_EARLY_MILLIS);
    /** Waits longer than this (about 146 years) are cut to it, so that deadlines do not overflow. */
    private static final long LONGEST_WAIT_NANOS = Long.MAX_VALUE / 64;
    private static final Thread[] NO_THREADS = new Thread[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final WakeTimer timer;
    private final Waiters waiting = new Waiters();
    /** The sweep scheduled on {@link #timer}, if any, when it runs, and its number (an older one does nothing). */
    private Future<?> sweepTask;
    private long sweepAt;
    private long sweepNumber;

    /** @param timer the clock and the scheduler of the ends of waits */
    FollowerParking(WakeTimer timer) {
        this.timer = timer;
    }

    /** The clock and the scheduler the parking runs on. */
    WakeTimer timer() {
        return timer;
    }

    /** The lock that guards the parking and its owner's state. */
    ReentrantLock lock() {
        return lock;
    }

    /** The end of a wait of {@code maxWaitNanos} from now (none or less: now). */
    long deadlineIn(long maxWaitNanos) {
        return timer.nanoTime() + Math.min(Math.max(0, maxWaitNanos), LONGEST_WAIT_NANOS);
    }

    /** Whether {@code deadline} has come. */
    boolean isPast(long deadline) {
        return deadline - timer.nanoTime() <= 0;
    }

    /**
     * Parks the calling thread, without the lock, until {@link #takeAll}, {@link #ring} of {@code bell} or the
     * sweep at {@code deadline} (up to {@value #SWEEP_EARLY_MILLIS} ms early) unparks it; holds the lock again on
     * return. {@code blocker} is what the thread is seen parked on (see {@link LockSupport#getBlocker}).
     *
     * @return whether the wait has ended (its deadline came), rather than being woken by a change or a ring
     * @throws InterruptedException when the thread was interrupted; it has left the parking
     */
    boolean park(long deadline, Bell bell, Object blocker) throws InterruptedException {
        Waiters.Waiter self = waiting.add(bell.place, Thread.currentThread(), deadline);
        bell.parked = self;
        if (sweepTask == null || deadline - sweepAt < 0) {
            scheduleSweep(deadline);
        }
        lock.unlock();
        try {
            // A change made between the unlock and the park has already unparked this thread: park returns at once.
            LockSupport.park(blocker);
        } finally {
            lock.lock();
            waiting.remove(self);
            bell.parked = null;
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        return self.ended;
    }

    /** Whether {@code bell} rang since the last wait it ended; the ring is used up. */
    boolean takeRing(Bell bell) {
        if (bell.rung) {
            bell.rung = false;
            return true;
        }
        return false;
    }

    /**
     * Takes every parked follower out of the parking; the caller unparks them with {@link #unpark(Thread[])},
     * best after letting go of the lock, so that the first of them need not wait for it.
     */
    Thread[] takeAll() {
        return waiting.takeAll();
    }

    /** Unparks {@code followers}; with or without the lock. */
    static void unpark(Thread[] followers) {
        for (Thread follower : followers) {
            LockSupport.unpark(follower);
        }
    }

    /**
     * Ends the wait of the follower that waits with {@code bell}, from any thread, without the lock: its
     * {@link #park} returns now, and the next {@link #takeRing} of the bell says so.
     */
    void ring(Bell bell) {
        Thread wake = null;
        lock.lock();
        try {
            bell.rung = true;
            if (bell.parked != null) {
                wake = bell.parked.thread;
                waiting.remove(bell.parked);
            }
        } finally {
            lock.unlock();
        }
        if (wake != null) {
            LockSupport.unpark(wake);
        }
    }

    /** How many followers are parked now; with or without the lock. For monitoring. */
    int parked() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Holds the lock. Runs {@link #sweep} at {@code at} instead of when it was to run. */
    private void scheduleSweep(long at) {
        if (sweepTask != null) {
            sweepTask.cancel(false);
        }
        long number = ++sweepNumber;
        sweepAt = at;
        try {
            sweepTask = timer.schedule(() -> sweep(number), Math.max(0, at - timer.nanoTime()));
        } catch (RejectedExecutionException noTimer) {
            // Only when the JVM is going down: the waits end with the next change.
            sweepTask = null;
        }
    }

    /**
     * Runs when the first wait ends: ends it and those that end within {@value #SWEEP_EARLY_MILLIS} ms, and
     * schedules itself for the next one. {@code number} tells the sweep scheduled last from one it replaced.
     */
    private void sweep(long number) {
        Thread[] wake = NO_THREADS;
        lock.lock();
        try {
            if (number != sweepNumber) {
                return;
            }
            sweepTask = null;
            wake = waiting.takeEndingBy(timer.nanoTime() + SWEEP_EARLY_NANOS);
            if (!waiting.isEmpty()) {
                scheduleSweep(waiting.firstDeadline());
            }
        } finally {
            lock.unlock();
        }
        unpark(wake);
    }
}
