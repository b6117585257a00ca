package org.prismq.runner.adapters.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Server-Sent Events as a browser does: a line ends at CR, LF or CRLF, an event at a blank line. A raw CR
 * or LF inside a data field would therefore split it, which is what the framing tests look for.
 */
final class SseReader implements AutoCloseable {

    final HttpResponse<InputStream> response;
    private final BufferedReader reader;

    SseReader(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** One event (fields until a blank line), or {@code null} when the stream has ended. */
    Event next() throws IOException {
        String id = null;
        String name = null;
        String retry = null;
        List<String> data = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        List<String> others = new ArrayList<>();
        String line;
        boolean any = false;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (any) {
                    return new Event(id, name, retry, data.isEmpty() ? null : String.join("\n", data), comments,
                            others);
                }
                continue;
            }
            any = true;
            if (line.startsWith(":")) {
                comments.add(line.substring(1).strip());
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("retry: ")) {
                retry = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            } else {
                others.add(line);
            }
        }
        return any ? new Event(id, name, retry, String.join("\n", data), comments, others) : null;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /**
     * @param retry  the {@code retry:} field (a reconnection delay in milliseconds), or {@code null}
     * @param others lines that are no SSE field this service writes: a framing error
     */
    record Event(String id, String name, String retry, String data, List<String> comments, List<String> others) {
    }
}
