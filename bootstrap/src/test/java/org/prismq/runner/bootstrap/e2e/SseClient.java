package org.prismq.runner.bootstrap.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A minimal SSE reader for tests: parses the wire format line by line (event, id, data, comments) as the
 * EventSource specification does. Closing it closes the connection.
 */
final class SseClient implements AutoCloseable {

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;
    private int comments;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    static SseClient open(HttpClient client, String url, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return new SseClient(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** How many comment lines (such as keepalives) were read so far. */
    int comments() {
        return comments;
    }

    /** The next event, or {@code null} when the server closed the stream. */
    SseEvent next() throws IOException {
        String event = null;
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null || event != null || id != null) {
                    return new SseEvent(event, id, data == null ? "" : data.toString());
                }
                continue;
            }
            if (line.startsWith(":")) {
                comments++;
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "id" -> id = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { }
            }
        }
        return null;
    }

    /** Events until one matches {@code last} (included) or the stream ends. */
    List<SseEvent> readUntil(Predicate<SseEvent> last) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        SseEvent event;
        while ((event = next()) != null) {
            events.add(event);
            if (last.test(event)) {
                break;
            }
        }
        return events;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
