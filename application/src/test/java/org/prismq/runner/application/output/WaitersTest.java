package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The list of parked followers, kept in the order of the ends of their waits. */
class WaitersTest {

    @Test
    void waitersAreKeptInTheOrderOfTheEndsOfTheirWaits() {
        Waiters waiters = new Waiters();
        Thread late = new Thread(() -> { });
        Thread early = new Thread(() -> { });
        Thread middle = new Thread(() -> { });
        Thread lateToo = new Thread(() -> { });
        Thread gone = new Thread(() -> { });
        Thread earlyToo = new Thread(() -> { });
        Thread first = new Thread(() -> { });

        add(waiters, late, 300);
        add(waiters, early, 100);
        Waiters.Waiter leaving = add(waiters, gone, 150);
        add(waiters, middle, 200);
        add(waiters, lateToo, 300);
        add(waiters, earlyToo, 100);
        add(waiters, first, 50);
        waiters.remove(leaving);
        waiters.remove(leaving);

        assertEquals(6, waiters.size());
        assertEquals(50, waiters.firstDeadline());
        assertArrayEquals(new Thread[] {first, early, earlyToo, middle}, waiters.takeEndingBy(200));
        assertEquals(300, waiters.firstDeadline());
        assertArrayEquals(new Thread[0], waiters.takeEndingBy(299));
        assertArrayEquals(new Thread[] {late, lateToo}, waiters.takeAll());
        assertTrue(waiters.isEmpty());
    }

    @Test
    void onlyTheWaitersTakenByTheSweepHaveEndedTheirWaits() {
        Waiters waiters = new Waiters();
        Waiters.Waiter swept = add(waiters, new Thread(() -> { }), 100);
        Waiters.Waiter woken = add(waiters, new Thread(() -> { }), 200);

        waiters.takeEndingBy(100);
        waiters.takeAll();

        assertTrue(swept.ended);
        assertFalse(woken.ended);
    }

    @Test
    void aWaiterIsUsedAgainForTheNextWaitOnceItHasLeftTheList() {
        Waiters waiters = new Waiters();
        Waiters.Waiter place = new Waiters.Waiter();
        Thread follower = new Thread(() -> { });
        waiters.add(place, follower, 100);

        assertThrows(IllegalStateException.class, () -> waiters.add(place, follower, 200));
        assertArrayEquals(new Thread[] {follower}, waiters.takeEndingBy(100));
        assertTrue(place.ended);

        waiters.add(place, follower, 300);
        assertFalse(place.ended, "a new wait has not ended");
        assertEquals(300, waiters.firstDeadline());
        assertArrayEquals(new Thread[] {follower}, waiters.takeAll());
        assertTrue(waiters.isEmpty());
    }

    private static Waiters.Waiter add(Waiters waiters, Thread thread, long deadline) {
        return waiters.add(new Waiters.Waiter(), thread, deadline);
    }
}
