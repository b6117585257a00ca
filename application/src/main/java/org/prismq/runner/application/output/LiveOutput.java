package org.prismq.runner.application.output;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunStatus;

/**
 * The live side of one run's output: its recent lines for followers, how far capture and storage have come,
 * and the run's status. Followers wait on it; the capture thread and the supervisor wake them. Thread-safe.
 *
 * <p>Lines are published before they are stored, so followers see them at once; a line leaves the recent
 * lines only after it is stored, so a follower that fell behind always finds it in storage.
 *
 * <p>A follower parks without a timeout of its own: the end of its wait is kept in {@link Waiters}, and one
 * timer task per output ({@link #sweep}, on a thread shared by every output) wakes the followers whose waits end.
 * A timed park would cost a timer of the virtual-thread scheduler for every wake-up of every follower, scheduled
 * and cancelled again, and a wake-up of the scheduler's timer thread each time: with a thousand followers of a
 * busy run that was tens of thousands of thread switches a second.
 */
public final class LiveOutput {

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
    /**
     * The followers parked in {@link #await}, by the end of their waits. Each parks on its own and is unparked by
     * a change or by the end of its wait; a follower leaves in constant time, where a shared {@code Condition}
     * would walk every waiter (with ten thousand idle streams, each checking every 250 ms, that walk took most
     * of a core).
     */
    private final Waiters waiting = new Waiters();
    /** The sweep scheduled on {@link #timer}, if any, when it runs, and its number (an older one does nothing). */
    private Future<?> sweepTask;
    private long sweepAt;
    private long sweepNumber;
    private final RecentLines recent = new RecentLines();
    private final int maxLines;
    private final long maxBytes;

    /** Every status the run has had, each with the last seq printed before it: at most four entries. */
    private final List<StatusMark> history = new ArrayList<>(4);
    private long lastSeq;
    private long persistedSeq;

    public LiveOutput(RunStatus status, int maxLines, long maxBytes) {
        this(status, maxLines, maxBytes, WakeTimer.SHARED);
    }

    /** @param timer the clock and the scheduler of the ends of waits (a test's own) */
    LiveOutput(RunStatus status, int maxLines, long maxBytes, WakeTimer timer) {
        this.history.add(new StatusMark(status, null, 0));
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.timer = timer;
    }

    /** The output of a run that has ended: everything is in storage, nothing is held in memory. */
    public static LiveOutput ended(RunStatus status, Integer exitCode, long lastSeq) {
        LiveOutput output = new LiveOutput(status, 0, 0);
        output.history.set(0, new StatusMark(status, exitCode, lastSeq));
        output.lastSeq = lastSeq;
        output.persistedSeq = lastSeq;
        return output;
    }

    /**
     * Makes a batch visible to followers. Seqs must continue from the last published line. The parked followers
     * are unparked after the lock is released, so that the first of them need not wait for the publisher to
     * unpark the others.
     */
    void publish(List<LogEntry> batch) {
        Thread[] wake;
        lock.lock();
        try {
            for (LogEntry entry : batch) {
                if (entry.seq() != lastSeq + 1) {
                    throw new IllegalStateException("seq " + entry.seq() + " does not follow " + lastSeq);
                }
                recent.add(entry);
                lastSeq = entry.seq();
            }
            wake = waiting.takeAll();
        } finally {
            lock.unlock();
        }
        unpark(wake);
    }

    private static void unpark(Thread[] followers) {
        for (Thread follower : followers) {
            LockSupport.unpark(follower);
        }
    }

    /** Storage holds every line up to {@code seq}: older lines may now leave memory. */
    void persisted(long seq) {
        lock.lock();
        try {
            persistedSeq = Math.max(persistedSeq, seq);
            recent.trim(maxLines, maxBytes, persistedSeq);
        } finally {
            lock.unlock();
        }
    }

    /** The run moved to {@code next}; a terminal status means no line follows. */
    public void status(RunStatus next, Integer code) {
        lock.lock();
        try {
            history.add(new StatusMark(next, code, lastSeq));
            if (next.isTerminal()) {
                // Nobody reads the recent lines of an ended run from memory once followers have them; let
                // storage serve late readers and free the memory now.
                recent.trim(0, 0, persistedSeq);
            }
            wakeFollowers();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Storage holds every line up to {@code seq}, printed by a process this node does not run: followers read
     * them from storage. Never goes back.
     */
    void storedUpTo(long seq) {
        lock.lock();
        try {
            if (seq > lastSeq) {
                lastSeq = seq;
                persistedSeq = seq;
                recent.trim(0, 0, persistedSeq);
                wakeFollowers();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The run is now {@code next}: passed on as {@link #status} when it is a step forward (a run seen queued and
     * then ended is reported as started first, when it did start), ignored when it is the current status or an
     * older one, so that whoever learns of a status, from storage or first hand, may tell it in any order.
     */
    public void follow(RunStatus next, Integer code, boolean started) {
        lock.lock();
        try {
            RunStatus now = current().status();
            if (now == next || !now.canMoveTo(next) && !(now == RunStatus.QUEUED && next.isTerminal())) {
                return;
            }
            if (now == RunStatus.QUEUED && next.isTerminal() && started) {
                history.add(new StatusMark(RunStatus.RUNNING, null, lastSeq));
            }
            status(next, code);
        } finally {
            lock.unlock();
        }
    }

    /** The last published seq and how many status changes a new follower has already seen, read together. */
    public Position position() {
        lock.lock();
        try {
            return new Position(lastSeq, history.size() - 1);
        } finally {
            lock.unlock();
        }
    }

    /** @param statusIndex the index in the status history of the status a new follower starts with */
    public record Position(long lastSeq, int statusIndex) {
    }

    public boolean hasEndedAt(long seq) {
        lock.lock();
        try {
            return current().status().isTerminal() && lastSeq == seq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What a follower should do now: it wants seq {@code next} and has reported the status at
     * {@code statusIndex} of the history. Waits up to {@code maxWaitNanos} for something to happen (a wait may
     * end up to {@value #SWEEP_EARLY_MILLIS} ms early, never late). A status change is reported once the follower
     * has every line printed before it, so changes and lines arrive in the order they happened, however far
     * behind the follower is. The wait also ends, with {@link View.Nothing}, when {@code bell} rings
     * ({@link #ring}), at once if it rang since the last wait it ended.
     */
    View await(long next, int statusIndex, int maxBatch, long maxWaitNanos, Bell bell) throws InterruptedException {
        long deadline = timer.nanoTime() + Math.min(Math.max(0, maxWaitNanos), LONGEST_WAIT_NANOS);
        boolean waitEnded = maxWaitNanos <= 0;
        lock.lock();
        try {
            while (true) {
                if (statusIndex + 1 < history.size() && next > history.get(statusIndex + 1).afterSeq()) {
                    StatusMark change = history.get(statusIndex + 1);
                    return new View.Status(change.status(), statusIndex + 1);
                }
                if (next <= lastSeq) {
                    long first = recent.firstSeq();
                    if (first != -1 && next >= first) {
                        return new View.Lines(recent.from(next, maxBatch));
                    }
                    return new View.InStorage();
                }
                StatusMark current = current();
                if (current.status().isTerminal() && statusIndex == history.size() - 1) {
                    return new View.End(current.status(), current.exitCode(), lastSeq);
                }
                if (bell.rung) {
                    bell.rung = false;
                    return new View.Nothing();
                }
                if (waitEnded || deadline - timer.nanoTime() <= 0) {
                    return new View.Nothing();
                }
                waitEnded = park(deadline, bell);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, without the lock, until a change or the sweep at the end of the wait unparks this thread. Holds the
     * lock. Returns whether the wait has ended.
     */
    private boolean park(long deadline, Bell bell) throws InterruptedException {
        Waiter self = waiting.add(Thread.currentThread(), deadline);
        bell.parked = self;
        if (sweepTask == null || deadline - sweepAt < 0) {
            scheduleSweep(deadline);
        }
        lock.unlock();
        try {
            // A change made between the unlock and the park has already unparked this thread: park returns at once.
            LockSupport.park(this);
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

    /**
     * Ends the wait of the follower that waits with {@code bell}, from any thread: its {@link #await} returns
     * {@link View.Nothing} now, or at its next call if it is not waiting.
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

    /** Holds the lock. Wakes every parked follower: for a status change and lines read from storage. */
    private void wakeFollowers() {
        unpark(waiting.takeAll());
    }

    /** How many followers are parked waiting for a change. */
    public int waitingFollowers() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private StatusMark current() {
        return history.getLast();
    }

    /** The clock and the scheduler of the ends of waits. */
    interface WakeTimer {

        /** One daemon thread shared by every run's output. */
        WakeTimer SHARED = new WakeTimer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Future<?> schedule(Runnable task, long delayNanos) {
                return SharedScheduler.EXECUTOR.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
            }
        };

        long nanoTime();

        /** Runs {@code task} once, {@code delayNanos} from now, on another thread, unless cancelled first. */
        Future<?> schedule(Runnable task, long delayNanos);
    }

    /** Created at the first wait. */
    private static final class SharedScheduler {

        static final ScheduledExecutorService EXECUTOR = executor();

        private static ScheduledExecutorService executor() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "prismq-follower-timer");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }

    /**
     * One follower's way to be woken from another thread, given to {@link #await} and {@link #ring}. Guarded by
     * the lock of the output it is used with.
     */
    static final class Bell {

        private boolean rung;
        private Waiter parked;
    }

    /** A follower parked in {@link #await} until {@code deadline}; linked in {@link Waiters} while parked. */
    static final class Waiter {

        final Thread thread;
        final long deadline;
        Waiter previous;
        Waiter next;
        boolean linked;
        /** Set when the sweep took it: its wait has ended. */
        boolean ended;

        Waiter(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }
    }

    /**
     * The parked followers in the order of the ends of their waits, in a doubly linked list: adding, removing and
     * taking the first are constant time when waits have one length (a stream's), as they mostly do, and when a
     * wait ends before all others; any other wait is put in place from the end of the list. Not thread-safe:
     * guarded by the output's lock.
     */
    static final class Waiters {

        private Waiter first;
        private Waiter last;
        private int size;

        boolean isEmpty() {
            return size == 0;
        }

        int size() {
            return size;
        }

        long firstDeadline() {
            return first.deadline;
        }

        Waiter add(Thread thread, long deadline) {
            Waiter waiter = new Waiter(thread, deadline);
            // Before all others when it ends first, as a wait cut short often does; else walked to from the end.
            Waiter before = first != null && first.deadline - deadline > 0 ? null : last;
            while (before != null && before.deadline - deadline > 0) {
                before = before.previous;
            }
            waiter.previous = before;
            waiter.next = before == null ? first : before.next;
            if (waiter.next == null) {
                last = waiter;
            } else {
                waiter.next.previous = waiter;
            }
            if (before == null) {
                first = waiter;
            } else {
                before.next = waiter;
            }
            waiter.linked = true;
            size++;
            return waiter;
        }

        /** Removes {@code waiter} if it is still here. */
        void remove(Waiter waiter) {
            if (!waiter.linked) {
                return;
            }
            if (waiter.previous == null) {
                first = waiter.next;
            } else {
                waiter.previous.next = waiter.next;
            }
            if (waiter.next == null) {
                last = waiter.previous;
            } else {
                waiter.next.previous = waiter.previous;
            }
            waiter.previous = null;
            waiter.next = null;
            waiter.linked = false;
            size--;
        }

        /** Removes every waiter; returns their threads in the order of their deadlines. */
        Thread[] takeAll() {
            Thread[] threads = new Thread[size];
            int i = 0;
            while (first != null) {
                threads[i++] = first.thread;
                remove(first);
            }
            return threads;
        }

        /** Removes the waiters whose waits end by {@code time}, marked ended; returns their threads. */
        Thread[] takeEndingBy(long time) {
            int count = 0;
            for (Waiter waiter = first; waiter != null && waiter.deadline - time <= 0; waiter = waiter.next) {
                count++;
            }
            Thread[] threads = new Thread[count];
            for (int i = 0; i < count; i++) {
                threads[i] = first.thread;
                first.ended = true;
                remove(first);
            }
            return threads;
        }
    }

    /** A status the run entered after its line {@code afterSeq}. */
    private record StatusMark(RunStatus status, Integer exitCode, long afterSeq) {
    }

    /** What {@link #await} found. */
    sealed interface View {

        /** Lines held in memory, starting with the seq asked for. */
        record Lines(List<LogEntry> entries) implements View {
        }

        /** The lines asked for have left memory: read them from storage (they are all there). */
        record InStorage() implements View {
        }

        /** The next status change to report, at {@code index} of the history. */
        record Status(RunStatus status, int index) implements View {
        }

        /** The run has ended and the follower has every line. */
        record End(RunStatus status, Integer exitCode, long lastSeq) implements View {
        }

        record Nothing() implements View {
        }
    }
}
