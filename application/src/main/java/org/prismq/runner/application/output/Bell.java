package org.prismq.runner.application.output;

/**
 * One follower's way to be woken from another thread: given to each of its waits and rung with
 * {@link FollowerParking#ring}. Guarded by the lock of the parking it is used with.
 */
final class Bell {

    /** Rung since the last wait it ended. */
    boolean rung;
    /** The follower's place while it is parked, else {@code null}. */
    Waiters.Waiter parked;
    /** The place the follower parks in, each time (a follower parks from one thread at a time). */
    final Waiters.Waiter place = new Waiters.Waiter();
    /** How many frames of the run the follower had been shown when it was last given one (see {@link Frames}). */
    long framesSeen;
}
