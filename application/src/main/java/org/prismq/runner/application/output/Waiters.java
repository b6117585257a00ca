package org.prismq.runner.application.output;

/**
 * The parked followers in the order of the ends of their waits, in a doubly linked list: adding, removing and
 * taking the first are constant time when waits have one length (a stream's), as they mostly do, and when a
 * wait ends before all others; any other wait is put in place from the end of the list. Not thread-safe:
 * guarded by the lock of the {@link FollowerParking} that holds them.
 */
final class Waiters {

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

    /**
     * Links {@code waiter}, which must not be linked, as the wait of {@code thread} until {@code deadline}; a
     * follower's waiter is used again for each of its waits (one fewer object per wake-up of every follower).
     */
    Waiter add(Waiter waiter, Thread thread, long deadline) {
        if (waiter.linked) {
            throw new IllegalStateException("the waiter is already waiting");
        }
        waiter.thread = thread;
        waiter.deadline = deadline;
        waiter.ended = false;
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

    /** A follower parked until {@code deadline}; linked in {@link Waiters} while parked. */
    static final class Waiter {

        Thread thread;
        long deadline;
        Waiter previous;
        Waiter next;
        boolean linked;
        /** Set when the sweep took it: its wait has ended. */
        boolean ended;
    }
}
