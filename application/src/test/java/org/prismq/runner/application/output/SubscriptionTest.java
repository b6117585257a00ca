package org.prismq.runner.application.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.prismq.runner.application.fakes.InMemoryLogStore;
import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunId;
import org.prismq.runner.domain.run.RunStatus;

class SubscriptionTest {

    private static final RunId RUN = new RunId("run-1");

    @Test
    void aFollowerOfAnEndedRunThatIsDeletedEndsWhereItIs() throws InterruptedException {
        InMemoryLogStore store = new InMemoryLogStore();
        List<LogEntry> lines = new ArrayList<>();
        for (int seq = 1; seq <= 3; seq++) {
            lines.add(new LogEntry(seq, Instant.EPOCH, LogLevel.INFO, LogStream.STDOUT, "line " + seq));
        }
        store.append(RUN, lines);
        LiveOutput output = LiveOutput.ended(RunStatus.COMPLETED, 0, 3);
        Subscription follower = new Subscription(RUN, output, store, 0, output.position().statusIndex(), 2);
        assertEquals(2, ((FollowEvent.Lines) follower.next(Duration.ZERO)).entries().size());

        // The deletion of the run, as seen by the store: its lines are gone.
        InMemoryLogStore emptied = new InMemoryLogStore();
        Subscription afterDeletion = new Subscription(RUN, output, emptied, 2, output.position().statusIndex(), 2);

        assertEquals(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 2), afterDeletion.next(Duration.ZERO));
    }
}
