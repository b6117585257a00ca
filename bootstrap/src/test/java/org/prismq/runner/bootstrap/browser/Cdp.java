package org.prismq.runner.bootstrap.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One DevTools protocol session with a browser target over the JDK's own WebSocket client: {@link #call} sends
 * a command and waits for its answer; events go to the listeners added with {@link #onEvent}. Safe to call from
 * several threads; listeners run on the WebSocket's thread.
 */
final class Cdp implements WebSocket.Listener, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final StringBuilder message = new StringBuilder();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebSocket socket;

    private Cdp() {
    }

    static Cdp connect(URI target) throws IOException {
        Cdp cdp = new Cdp();
        try {
            cdp.socket = cdp.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(target, cdp).get(30, TimeUnit.SECONDS);
            return cdp;
        } catch (ExecutionException | TimeoutException e) {
            cdp.http.close();
            throw new IOException("cannot open the DevTools connection " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cdp.http.close();
            throw new IOException("interrupted while connecting to " + target, e);
        }
    }

    /** Listens to every event: {@code {"method": ..., "params": ...}}. */
    void onEvent(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /**
     * Sends a command and returns its {@code result}.
     *
     * @throws CdpException when the browser answers with an error
     */
    JsonNode call(String method, Map<String, ?> params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            String command = JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params));
            synchronized (this) {
                // The JDK's WebSocket takes one message at a time.
                socket.sendText(command, true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            JsonNode reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new CdpException(method + " failed: " + reply.get("error"));
            }
            return reply.path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new CdpException(method + " got no answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpException(method + " interrupted");
        } finally {
            pending.remove(id);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        message.append(data);
        if (last) {
            String text = message.toString();
            message.setLength(0);
            dispatch(text);
        }
        webSocket.request(1);
        return null;
    }

    private void dispatch(String text) {
        try {
            ObjectNode received = (ObjectNode) JSON.readTree(text);
            if (received.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(received.get("id").asLong());
                if (answer != null) {
                    answer.complete(received);
                }
            } else {
                listeners.forEach(listener -> listener.accept(received));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the browser sent something that is not JSON", e);
        }
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        pending.values().forEach(answer -> answer.completeExceptionally(error));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        pending.values().forEach(answer -> answer.completeExceptionally(
                new IOException("the DevTools connection closed: " + statusCode + " " + reason)));
        return null;
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        http.close();
    }

    /** The browser refused a command, or did not answer it. */
    static final class CdpException extends RuntimeException {
        CdpException(String message) {
            super(message);
        }
    }
}
