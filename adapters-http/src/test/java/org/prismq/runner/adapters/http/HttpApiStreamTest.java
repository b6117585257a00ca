package org.prismq.runner.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.prismq.runner.application.port.in.FollowEvent;
import org.prismq.runner.application.port.in.FollowStart;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.run.RunStatus;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpApiStreamTest {

    private static final String RUNNING_STREAM = "/api/runs/" + Fixtures.RUNNING + "/logs/stream";
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(StubUseCases.withFixtures());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void storedLinesThenLiveOnesCarryTheirSeqAsIdUntilTheCompleteEvent() throws Exception {
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
        subscription.push(new FollowEvent.Lines(List.of(Fixtures.line(1, "first"), Fixtures.line(2, "second"))));

        try (SseReader sse = server.stream(RUNNING_STREAM)) {
            HttpResponse<?> response = sse.response;
            assertEquals(200, response.statusCode());
            assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
            assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElseThrow());

            assertLine(sse.next(), null, 1, "first");
            assertLine(sse.next(), null, 2, "second");

            subscription.push(new FollowEvent.Lines(List.of(Fixtures.line(3, "third"))));
            assertLine(sse.next(), null, 3, "third");

            subscription.push(new FollowEvent.StatusChanged(RunStatus.COMPLETED),
                    new FollowEvent.Completed(RunStatus.COMPLETED, 0, 3));
            SseReader.Event status = sse.next();
            assertEquals("status", status.name());
            assertNull(status.id());
            assertEquals("{\"status\":\"completed\"}", status.data());
            SseReader.Event complete = sse.next();
            assertEquals("complete", complete.name());
            assertEquals("3", complete.id());
            assertEquals("{\"status\":\"completed\",\"exit_code\":0}", complete.data());
            assertEquals("3600000", complete.retry(), "an hour, so that a browser does not reconnect");
            assertNull(sse.next(), "the service closes the stream after the complete event");
        }
        assertEquals(List.of(FollowStart.BEGINNING), server.stub.followStarts);
        assertTrue(subscription.awaitClosed(DEADLINE));
    }

    @Test
    void theResponseHeadersArriveAtOnceBeforeAnyEvent() throws Exception {
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
        // Nothing to send yet, and the keepalive is 15 s away: the client must still see the stream open now,
        // as EventSource.onopen and proxies expect.
        CompletableFuture<SseReader> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return server.stream(RUNNING_STREAM);
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });

        try (SseReader sse = opening.get(5, TimeUnit.SECONDS)) {
            assertEquals(200, sse.response.statusCode());
            subscription.push(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 0));
            assertEquals("complete", sse.next().name());
        }
    }

    @Test
    void eventLogNamesEveryLineEvent() throws Exception {
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
        subscription.push(new FollowEvent.Lines(List.of(Fixtures.line(1, "one"), Fixtures.line(2, "two"))),
                new FollowEvent.StatusChanged(RunStatus.FAILED), new FollowEvent.Completed(RunStatus.FAILED, 1, 2));

        try (SseReader sse = server.stream(RUNNING_STREAM + "?event=log")) {
            assertLine(sse.next(), "log", 1, "one");
            assertLine(sse.next(), "log", 2, "two");
            assertEquals("status", sse.next().name());
            assertEquals("complete", sse.next().name());
            assertNull(sse.next());
        }
    }

    @Test
    void aFrameIsANamedEventWithoutIdWhateverTheLineEventsAreCalled() throws Exception {
        for (String query : List.of("", "?event=log")) {
            ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
            subscription.push(new FollowEvent.Lines(List.of(Fixtures.line(1, "one"))),
                    new FollowEvent.Frame(2, LogStream.STDERR, " 50%|\"quoted\"\u001B[0m"),
                    new FollowEvent.Lines(List.of(Fixtures.line(2, "100%"))),
                    new FollowEvent.Completed(RunStatus.COMPLETED, 0, 2));

            try (SseReader sse = server.stream(RUNNING_STREAM + query)) {
                String lineName = query.isEmpty() ? null : "log";
                assertLine(sse.next(), lineName, 1, "one");
                SseReader.Event frame = sse.next();
                assertEquals("frame", frame.name());
                assertNull(frame.id(), "a frame must not move the client's Last-Event-ID");
                JsonNode data = TestServer.JSON.readTree(frame.data());
                assertEquals(List.of("message", "seq", "stream"), List.copyOf(HttpApiRoutesTest.names(data)));
                assertEquals(2, data.get("seq").asLong());
                assertEquals("stderr", data.get("stream").asText());
                assertEquals(" 50%|\"quoted\"\u001B[0m", data.get("message").asText());
                assertEquals(List.of(), frame.others());
                assertLine(sse.next(), lineName, 2, "100%");
                assertEquals("complete", sse.next().name());
                assertNull(sse.next());
            }
        }
    }

    @Test
    void aStatusChangeIsAnEventOfItsOwn() throws Exception {
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.QUEUED);
        subscription.push(new FollowEvent.StatusChanged(RunStatus.RUNNING),
                new FollowEvent.Lines(List.of(Fixtures.line(1, "started"))),
                new FollowEvent.StatusChanged(RunStatus.CANCELLED),
                new FollowEvent.Completed(RunStatus.CANCELLED, null, 1));

        try (SseReader sse = server.stream("/api/runs/" + Fixtures.QUEUED + "/logs/stream")) {
            SseReader.Event running = sse.next();
            assertEquals("status", running.name());
            assertEquals("{\"status\":\"running\"}", running.data());
            assertLine(sse.next(), null, 1, "started");
            assertEquals("{\"status\":\"cancelled\"}", sse.next().data());
            SseReader.Event complete = sse.next();
            assertEquals("1", complete.id());
            assertEquals("{\"status\":\"cancelled\",\"exit_code\":null}", complete.data());
            assertNull(sse.next());
        }
    }

    @Test
    void theStreamOfARunDeletedBeforeItsEndWasSeenClosesWithoutAnEnd() throws Exception {
        server.stub.scriptFollow(Fixtures.SILENT).push(new FollowEvent.Lines(List.of(Fixtures.line(1, "one"))),
                new FollowEvent.Deleted());

        try (SseReader sse = server.stream("/api/runs/" + Fixtures.SILENT + "/logs/stream")) {
            assertEquals("1", sse.next().id());
            assertNull(sse.next(), "the stream closes, with no complete event");
        }
    }

    @Test
    void aRunThatPrintedNothingCompletesWithIdZero() throws Exception {
        server.stub.scriptFollow(Fixtures.SILENT).push(new FollowEvent.Completed(RunStatus.FAILED, 3, 0));

        try (SseReader sse = server.stream("/api/runs/" + Fixtures.SILENT + "/logs/stream")) {
            SseReader.Event complete = sse.next();
            assertEquals("complete", complete.name());
            assertEquals("0", complete.id());
            assertEquals("{\"status\":\"failed\",\"exit_code\":3}", complete.data());
            assertEquals("3600000", complete.retry());
            assertNull(sse.next());
        }
    }

    @Test
    void theStreamStartsAfterLastEventIdElseAfterElseWithTheTailElseAtTheBeginning() throws Exception {
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
        for (int i = 0; i < 5; i++) {
            subscription.push(new FollowEvent.Completed(RunStatus.COMPLETED, 0, 30));
        }

        drain(server.stream(RUNNING_STREAM + "?after=3&tail=5", "Last-Event-ID", "7"));
        drain(server.stream(RUNNING_STREAM + "?after=3&tail=5"));
        drain(server.stream(RUNNING_STREAM + "?tail=5"));
        drain(server.stream(RUNNING_STREAM + "?tail=0"));
        drain(server.stream(RUNNING_STREAM));

        assertEquals(List.of(new FollowStart.After(7), new FollowStart.After(3), new FollowStart.Tail(5),
                new FollowStart.Tail(0), FollowStart.BEGINNING), server.stub.followStarts);
    }

    @Test
    void aReconnectAtTheLastLineOfAnEndedRunGets204() throws Exception {
        String completed = "/api/runs/" + Fixtures.COMPLETED + "/logs/stream";

        HttpResponse<String> resumed = server.get(completed, "Last-Event-ID", "3");
        assertEquals(204, resumed.statusCode());
        assertEquals("", resumed.body());
        assertEquals(204, server.get(completed + "?after=3").statusCode());
        assertEquals(204, server.get("/api/runs/" + Fixtures.SILENT + "/logs/stream", "Last-Event-ID", "0")
                .statusCode());
        assertTrue(server.stub.followStarts.isEmpty(), "no subscription was opened");

        server.stub.scriptFollow(Fixtures.COMPLETED).push(
                new FollowEvent.Lines(List.of(Fixtures.line(3, "last"))),
                new FollowEvent.Completed(RunStatus.COMPLETED, 0, 3));
        try (SseReader sse = server.stream(completed, "Last-Event-ID", "2")) {
            assertEquals(200, sse.response.statusCode());
            assertLine(sse.next(), null, 3, "last");
            SseReader.Event complete = sse.next();
            assertEquals("complete", complete.name());
            assertEquals("3600000", complete.retry());
            assertNull(sse.next());
        }
        assertEquals(204, server.get(completed, "Last-Event-ID", "3").statusCode(),
                "a browser that reconnects all the same, after the retry delay, still gets 204");
    }

    @Test
    void silenceGetsAKeepaliveCommentAfterTheConfiguredInterval() throws Exception {
        server.close();
        server = TestServer.start(StubUseCases.withFixtures(),
                TestServer.settings(null, Duration.ofMillis(100), null));
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);

        try (SseReader sse = server.stream(RUNNING_STREAM)) {
            SseReader.Event keepalive = sse.next();
            assertEquals(List.of("keepalive"), keepalive.comments());
            assertNull(keepalive.data());
            assertNull(keepalive.id());
            Duration wait = subscription.lastWait();
            assertTrue(wait.compareTo(Duration.ZERO) > 0 && wait.compareTo(Duration.ofMillis(100)) <= 0,
                    "waits no longer than until the keepalive is due: " + wait);

            subscription.push(new FollowEvent.Lines(List.of(Fixtures.line(1, "after the silence"))));
            SseReader.Event line = sse.next();
            while (line.data() == null) {
                line = sse.next();
            }
            assertLine(line, null, 1, "after the silence");
        }
    }

    @Test
    void aKeepaliveComesAfterItsWholeIntervalOfSilence() throws Exception {
        server.close();
        server = TestServer.start(StubUseCases.withFixtures(),
                TestServer.settings(null, Duration.ofMillis(600), null));
        server.stub.scriptFollow(Fixtures.RUNNING);

        long opened = System.nanoTime();
        try (SseReader sse = server.stream(RUNNING_STREAM)) {
            assertEquals(List.of("keepalive"), sse.next().comments());
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
            assertTrue(waitedMillis >= 600, "keepalive after " + waitedMillis + " ms");
        }
    }

    @Test
    void aClientThatLeavesMakesTheHandlerCloseItsSubscription() throws Exception {
        server.close();
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(null, Duration.ofMillis(50), null));
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
        subscription.push(new FollowEvent.Lines(List.of(Fixtures.line(1, "one"))));

        Socket socket = server.rawStream("GET " + RUNNING_STREAM + " HTTP/1.1\r\nHost: 127.0.0.1");
        assertTrue(socket.getInputStream().read() >= 0, "the stream has begun");
        socket.close();

        assertTrue(subscription.awaitClosed(DEADLINE), "the handler closed the subscription of a gone client");
        assertEquals(200, server.get("/api/health").statusCode());
    }

    @Test
    void messagesWithLineBreaksNulAndRepeatsKeepTheFramingAndEveryLine() throws Exception {
        List<String> messages = List.of("a\nb", "c\rd", "e\u0000f", "\r\n", "same", "same", "\n\ndata: fake",
                "tab\t\"quote\" \\ ünï 😀", "");
        List<LogEntry> lines = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            lines.add(Fixtures.line(i + 1, messages.get(i)));
        }
        server.stub.scriptFollow(Fixtures.RUNNING).push(new FollowEvent.Lines(lines),
                new FollowEvent.Completed(RunStatus.COMPLETED, 0, messages.size()));

        try (SseReader sse = server.stream(RUNNING_STREAM)) {
            for (int i = 0; i < messages.size(); i++) {
                SseReader.Event event = sse.next();
                assertEquals(List.of(), event.others(), "no stray line");
                assertLine(event, null, i + 1, messages.get(i));
            }
            SseReader.Event complete = sse.next();
            assertEquals("complete", complete.name());
            assertEquals(String.valueOf(messages.size()), complete.id());
            assertNull(sse.next());
        }
    }

    @Test
    void closingTheApiEndsOpenStreamsPromptlyThoughTheirWaitsAreLong() throws Exception {
        server.close();
        server = TestServer.start(StubUseCases.withFixtures(), TestServer.settings(null, Duration.ofHours(1), null));
        ScriptedSubscription subscription = server.stub.scriptFollow(Fixtures.RUNNING);
        subscription.push(new FollowEvent.Lines(List.of(Fixtures.line(1, "one"))));
        try (SseReader sse = server.stream(RUNNING_STREAM)) {
            assertLine(sse.next(), null, 1, "one");

            long started = System.nanoTime();
            server.api.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertTrue(tookMillis < 3_000, "close took " + tookMillis + " ms");
            assertTrue(subscription.lastWait().compareTo(Duration.ofMinutes(59)) > 0,
                    "the stream waited for its keepalive, not for a shutdown check: " + subscription.lastWait());
            assertTrue(subscription.awaitWoken(Duration.ZERO), "close woke the stream");
            assertTrue(subscription.isClosed());
            assertEndOfStream(sse);
        }
    }

    private static void assertEndOfStream(SseReader sse) {
        try {
            assertNull(sse.next());
        } catch (IOException cut) {
            // A connection cut by the server's stop also ends the stream.
        }
    }

    private static void assertLine(SseReader.Event event, String name, long seq, String message) throws Exception {
        assertEquals(name, event.name());
        assertEquals(String.valueOf(seq), event.id());
        JsonNode data = TestServer.JSON.readTree(event.data());
        assertEquals(seq, data.get("seq").asLong());
        assertEquals(message, data.get("message").asText());
        assertEquals(List.of("level", "message", "seq", "stream", "timestamp"),
                List.copyOf(HttpApiRoutesTest.names(data)));
        assertTrue(HttpApiRoutesTest.TIMESTAMP.matcher(data.get("timestamp").asText()).matches());
    }

    private static void drain(SseReader sse) throws IOException {
        try (sse) {
            while (sse.next() != null) {
                // read to the end
            }
        }
    }
}
