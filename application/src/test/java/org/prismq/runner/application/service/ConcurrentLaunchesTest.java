package org.prismq.runner.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.Await;
import org.prismq.runner.application.fakes.TestModules;
import org.prismq.runner.application.port.in.LaunchRunCommand;
import org.prismq.runner.application.port.in.RunnerException;
import org.prismq.runner.domain.catalog.ModuleId;

/** Launches that come all at once never get more runs accepted than the slots and the queue hold. */
class ConcurrentLaunchesTest {

    private static final int MAX_CONCURRENT = 4;
    private static final int QUEUE_SIZE = 50;
    private static final int LAUNCHES = 200;

    /**
     * The first run's record is held back (a slow disk) until every other launch waits to enqueue: each of them
     * has looked at the capacity while no slot was taken yet, which a check made apart from the enqueue would
     * then trust while the first runs take their slots.
     */
    @Test
    void twoHundredLaunchesAtOnceGetExactlyTheSlotsAndTheQueueAccepted() throws Exception {
        try (Harness harness = new Harness(Harness.settings(MAX_CONCURRENT, QUEUE_SIZE, 1000),
                TestModules.module("demo"))) {
            CountDownLatch slowDisk = new CountDownLatch(1);
            harness.runs.holdNextAdd(slowDisk);
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(LAUNCHES);
            List<Thread> threads = new ArrayList<>();
            List<CompletableFuture<Boolean>> accepted = new ArrayList<>();
            for (int i = 0; i < LAUNCHES; i++) {
                CompletableFuture<Boolean> outcome = new CompletableFuture<>();
                accepted.add(outcome);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                        started.countDown();
                        harness.launch.launch(new LaunchRunCommand(new ModuleId("demo"), Map.of(), false));
                        outcome.complete(true);
                    } catch (RunnerException.QueueFull full) {
                        outcome.complete(false);
                    } catch (Throwable failure) {
                        outcome.completeExceptionally(failure);
                    }
                }));
            }
            go.countDown();
            started.await();
            harness.runs.awaitHeldAdd();
            Await.until("every launch waiting", () -> threads.stream()
                    .filter(thread -> thread.getState() == Thread.State.WAITING).count() == LAUNCHES);
            slowDisk.countDown();

            int acceptedCount = 0;
            for (CompletableFuture<Boolean> outcome : accepted) {
                acceptedCount += outcome.get() ? 1 : 0;
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(MAX_CONCURRENT + QUEUE_SIZE, acceptedCount);
            assertEquals(MAX_CONCURRENT + QUEUE_SIZE, harness.query.activeCount());
        }
    }
}
