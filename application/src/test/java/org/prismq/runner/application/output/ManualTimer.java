package org.prismq.runner.application.output;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/** A clock and a scheduler moved by hand: tasks run on the test's thread, in the order of their times. */
final class ManualTimer implements WakeTimer {

    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private int ran;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Future<?> schedule(Runnable task, long delayNanos) {
        Task scheduled = new Task(now + delayNanos, new FutureTask<>(task, null));
        tasks.add(scheduled);
        return scheduled.future();
    }

    /** Sets the clock to {@code time}, running each task due by then at its own time. */
    void moveTo(long time) {
        while (true) {
            Task due;
            synchronized (this) {
                due = tasks.stream().filter(task -> task.at() - time <= 0)
                        .min(Comparator.comparingLong(Task::at)).orElse(null);
                if (due == null) {
                    now = time;
                    return;
                }
                tasks.remove(due);
                now = Math.max(now, due.at());
                if (due.future().isCancelled()) {
                    continue;
                }
                ran++;
            }
            due.future().run();
        }
    }

    synchronized int ran() {
        return ran;
    }

    private record Task(long at, FutureTask<?> future) {
    }
}
