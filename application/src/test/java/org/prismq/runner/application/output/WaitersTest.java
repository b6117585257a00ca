package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

        waiters.add(late, 300);
        waiters.add(early, 100);
        Waiters.Waiter leaving = waiters.add(gone, 150);
        waiters.add(middle, 200);
        waiters.add(lateToo, 300);
        waiters.add(earlyToo, 100);
        waiters.add(first, 50);
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
        Waiters.Waiter swept = waiters.add(new Thread(() -> { }), 100);
        Waiters.Waiter woken = waiters.add(new Thread(() -> { }), 200);

        waiters.takeEndingBy(100);
        waiters.takeAll();

        assertTrue(swept.ended);
        assertFalse(woken.ended);
    }
}
