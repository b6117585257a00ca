package org.prismq.runner.bootstrap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks JSON to a running service, as a client of its HTTP API would. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    Api(String base) {
        this.base = base;
    }

    HttpClient client() {
        return client;
    }

    String url(String path) {
        return base + path;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    Response post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Launches a module with parameters; returns the run id. */
    String launch(String module, Map<String, ?> parameters) {
        Response response = post("/api/modules/" + module + "/run", Map.of("parameters", parameters,
                "save_config", false));
        if (response.status() != 202) {
            throw new AssertionError("launch of " + module + " answered " + response.status() + ": " + response.body());
        }
        return response.json().get("run_id").asText();
    }

    SseClient stream(String path, Map<String, String> headers) throws IOException, InterruptedException {
        return SseClient.open(client, base + path, headers);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
