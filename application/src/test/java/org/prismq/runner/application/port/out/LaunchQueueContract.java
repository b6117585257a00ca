package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.prismq.runner.application.port.out.ParameterAssertions.assertSameParameters;
import static org.prismq.runner.application.port.out.RunsContract.assertSameRun;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.catalog.ParameterDefinition;
import org.prismq.runner.domain.run.Run;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

/**
 * What every {@link LaunchQueue} must do. A subclass supplies, per test, a fresh empty queue together with the
 * registry of runs it records into (the same database, for a shared queue). Instants given are truncated to
 * microseconds, the precision asked of a {@link Runs}.
 */
public abstract class LaunchQueueContract {

    protected static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456Z");
    protected static final ModuleId ALPHA = new ModuleId("alpha");
    protected static final NodeId NODE = new NodeId("node-1");
    private static final int PLENTY = 1000;

    private LaunchQueue queue;
    private Runs runs;

    /**
     * An empty launch queue and the registry it records runs into.
     *
     * @param queue the queue under test, holding no run
     * @param runs  the registry of runs that {@link LaunchQueue#enqueue} records into, holding no run
     */
    public record Fixture(LaunchQueue queue, Runs runs) {

        public Fixture {
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(runs, "runs");
        }
    }

    /** A new, empty queue and its registry of runs. */
    protected abstract Fixture newFixture();

    @BeforeEach
    void createQueue() {
        Fixture fixture = newFixture();
        queue = fixture.queue();
        runs = fixture.runs();
    }

    @Test
    public void anEnqueuedRunIsRecordedQueuedAndWaits() {
        Run run = queued(1, T0, Map.of("topic", "rivers"));

        assertTrue(queue.enqueue(run, Map.of("topic", "rivers"), PLENTY));

        Run recorded = runs.find(run.id()).orElseThrow();
        assertEquals(RunStatus.QUEUED, recorded.status());
        assertSameRun(run, recorded);
        assertEquals(1, queue.size());
        assertTrue(queue.enqueue(queued(2, T0, Map.of()), Map.of(), PLENTY));
        assertEquals(2, queue.size());
    }

    @Test
    public void aRunBeyondTheCapacityIsRefusedAndNothingIsRecorded() {
        assertTrue(queue.enqueue(queued(1, T0, Map.of()), Map.of(), 2));
        assertTrue(queue.enqueue(queued(2, T0, Map.of()), Map.of(), 2));
        Run refused = queued(3, T0, Map.of());

        assertFalse(queue.enqueue(refused, Map.of(), 2));

        assertTrue(runs.find(refused.id()).isEmpty());
        assertEquals(2, queue.size());
        assertEquals(List.of(id(1), id(2)), claimAll());
    }

    @Test
    public void aCapacityOfZeroRefusesEveryRun() {
        Run refused = queued(1, T0, Map.of());

        assertFalse(queue.enqueue(refused, Map.of(), 0));

        assertTrue(runs.find(refused.id()).isEmpty());
        assertEquals(0, queue.size());
        assertTrue(queue.claim(NODE).isEmpty());
    }

    @Test
    public void theCapacityCountsOnlyRunsStillWaiting() {
        assertTrue(queue.enqueue(queued(1, T0, Map.of()), Map.of(), 1));
        assertTrue(queue.claim(NODE).isPresent());

        assertTrue(queue.enqueue(queued(2, T0, Map.of()), Map.of(), 1));
        assertEquals(1, queue.size());
    }

    @Test
    public void enqueueingAnIdAlreadyRecordedIsIllegalAndQueuesNothing() {
        Run first = queued(1, T0, Map.of("n", 1));
        assertTrue(queue.enqueue(first, Map.of("n", 1), PLENTY));
        Run recordedElsewhere = queued(2, T0, Map.of());
        runs.add(recordedElsewhere);

        assertThrows(IllegalStateException.class, () -> queue.enqueue(
                Run.queued(first.id(), new ModuleId("beta"), "Other", Map.of(), T0.plusSeconds(5)), Map.of(),
                PLENTY));
        assertThrows(IllegalStateException.class, () -> queue.enqueue(recordedElsewhere, Map.of(), PLENTY));

        assertSameRun(first, runs.find(first.id()).orElseThrow());
        assertEquals(1, queue.size());
        assertEquals(List.of(first.id()), claimAll());
    }

    @Test
    public void claimsTakeTheOldestRunFirst() {
        List<RunId> enqueued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Ids descending while creation times ascend: the order is the queue's, not the ids'.
            Run run = queued(100 - i, T0.plusSeconds(i), Map.of());
            assertTrue(queue.enqueue(run, Map.of(), PLENTY));
            enqueued.add(run.id());
        }

        assertEquals(enqueued, claimAll());
    }

    @Test
    public void runsCreatedAtTheSameInstantAreClaimedInTheOrderTheyWereQueued() {
        List<RunId> enqueued = new ArrayList<>();
        for (int random : new int[] {7, 3, 9, 1, 5}) {
            Run run = queued(random, T0, Map.of());
            assertTrue(queue.enqueue(run, Map.of(), PLENTY));
            enqueued.add(run.id());
        }

        assertEquals(enqueued, claimAll());
    }

    @Test
    public void aClaimHandsOverTheRunAsQueuedWithItsUnmaskedValuesInOrder() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("zeta", "last letter first");
        values.put("count", 10);
        values.put("big", 9_000_000_000L);
        values.put("ratio", 2.5);
        values.put("verbose", true);
        values.put("dry_run", false);
        values.put("digits", "10");
        values.put("api_key", "s3cret");
        values.put("alpha", "a");
        Map<String, Object> shown = new LinkedHashMap<>(values);
        shown.put("api_key", ParameterDefinition.MASK);
        Run run = queued(1, T0, shown);
        assertTrue(queue.enqueue(run, values, PLENTY));

        QueuedRun claimed = queue.claim(NODE).orElseThrow();

        assertSameRun(run, claimed.run());
        assertSameParameters(values, claimed.values());
        assertEquals(0, queue.size());
    }

    @Test
    public void claimingAnEmptyQueueFindsNothing() {
        assertTrue(queue.claim(NODE).isEmpty());
        assertEquals(0, queue.size());
    }

    @Test
    public void aClaimedRunIsNotClaimedAgain() {
        Run run = queued(1, T0, Map.of());
        assertTrue(queue.enqueue(run, Map.of(), PLENTY));

        assertEquals(run.id(), queue.claim(NODE).orElseThrow().run().id());

        assertTrue(queue.claim(NODE).isEmpty());
        assertTrue(queue.claim(new NodeId("node-2")).isEmpty());
        assertEquals(0, queue.size());
    }

    @Test
    public void aRemovedRunLeavesTheQueueAndIsNeverClaimed() {
        Run first = queued(1, T0, Map.of());
        Run removed = queued(2, T0.plusSeconds(1), Map.of());
        Run last = queued(3, T0.plusSeconds(2), Map.of());
        for (Run run : List.of(first, removed, last)) {
            assertTrue(queue.enqueue(run, Map.of(), PLENTY));
        }

        assertTrue(queue.remove(removed.id()));

        assertEquals(2, queue.size());
        assertFalse(queue.remove(removed.id()));
        assertEquals(List.of(first.id(), last.id()), claimAll());
        assertTrue(runs.find(removed.id()).isPresent(), "the caller records the end of a removed run");
    }

    @Test
    public void removingAClaimedOrUnknownRunDoesNothing() {
        Run claimed = queued(1, T0, Map.of());
        Run waiting = queued(2, T0.plusSeconds(1), Map.of());
        assertTrue(queue.enqueue(claimed, Map.of(), PLENTY));
        assertTrue(queue.enqueue(waiting, Map.of(), PLENTY));
        assertEquals(claimed.id(), queue.claim(NODE).orElseThrow().run().id());

        assertFalse(queue.remove(claimed.id()));
        assertFalse(queue.remove(id(99)));

        assertEquals(1, queue.size());
        assertEquals(List.of(waiting.id()), claimAll());
    }

    @Test
    public void concurrentClaimsGetEachRunExactlyOnce() throws Exception {
        int count = 50;
        Set<RunId> enqueued = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Run run = queued(i, T0.plusMillis(i), Map.of("index", i));
            assertTrue(queue.enqueue(run, Map.of("index", i), PLENTY));
            enqueued.add(run.id());
        }
        int claimers = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(claimers);
        try {
            List<Future<List<RunId>>> claims = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                NodeId node = new NodeId("node-" + c);
                claims.add(threads.submit(() -> {
                    go.await();
                    List<RunId> mine = new ArrayList<>();
                    for (Optional<QueuedRun> next = queue.claim(node); next.isPresent(); next = queue.claim(node)) {
                        mine.add(next.get().run().id());
                    }
                    return mine;
                }));
            }
            go.countDown();

            List<RunId> claimed = new ArrayList<>();
            for (Future<List<RunId>> claim : claims) {
                claimed.addAll(claim.get(30, TimeUnit.SECONDS));
            }
            assertEquals(count, claimed.size(), "claims in all: " + claimed);
            assertEquals(enqueued, new HashSet<>(claimed));
            assertEquals(0, queue.size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    public void concurrentEnqueuesNeverExceedTheCapacity() throws Exception {
        int capacity = 5;
        int enqueuers = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(enqueuers);
        try {
            List<Future<Boolean>> enqueues = new ArrayList<>();
            for (int i = 0; i < enqueuers; i++) {
                Run run = queued(i, T0.plusMillis(i), Map.of());
                enqueues.add(threads.submit(() -> {
                    go.await();
                    return queue.enqueue(run, Map.of(), capacity);
                }));
            }
            go.countDown();

            int accepted = 0;
            for (Future<Boolean> enqueue : enqueues) {
                accepted += enqueue.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(capacity, accepted);
            assertEquals(capacity, queue.size());
            assertEquals(capacity, claimAll().size());
        } finally {
            threads.shutdownNow();
        }
    }

    /** The id of test run number {@code n}: {@code run_<T0>_alpha_<n in hex>}. */
    protected static RunId id(int n) {
        return RunId.create(ALPHA, T0, n);
    }

    /** A queued run of {@link #ALPHA} with id {@link #id(int) id(n)}, showing {@code parameters}. */
    protected static Run queued(int n, Instant createdAt, Map<String, Object> parameters) {
        return Run.queued(id(n), ALPHA, "Module alpha", parameters, createdAt);
    }

    /** Claims until the queue is empty; the ids in the order they came. */
    private List<RunId> claimAll() {
        List<RunId> claimed = new ArrayList<>();
        for (Optional<QueuedRun> next = queue.claim(NODE); next.isPresent(); next = queue.claim(NODE)) {
            claimed.add(next.get().run().id());
        }
        return claimed;
    }
}
