package org.prismq.runner.application.output;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The clock and the scheduler of the ends of followers' waits (see {@link FollowerParking}). */
interface WakeTimer {

    /** One daemon thread shared by every run's output, created at the first wait. */
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

    /** Created at the first use of {@link #SHARED}. */
    final class SharedScheduler {

        static final ScheduledExecutorService EXECUTOR = executor();

        private SharedScheduler() {
        }

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
}
