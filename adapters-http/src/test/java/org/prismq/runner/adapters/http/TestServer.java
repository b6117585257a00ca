package org.prismq.runner.adapters.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A started {@link HttpApi} on 127.0.0.1 and a free port, with clients for it. */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final StubUseCases stub;
    final HttpApi api;
    final InetSocketAddress address;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private TestServer(StubUseCases stub, HttpApi api, InetSocketAddress address) {
        this.stub = stub;
        this.api = api;
        this.address = address;
    }

    static TestServer start(StubUseCases stub) throws IOException {
        return start(stub, settings(null, null, null));
    }

    static TestServer start(StubUseCases stub, HttpApiSettings settings) throws IOException {
        return start(stub, settings, Runtime.version().feature());
    }

    /** @param javaFeatureVersion the Java whose threading the server plans for */
    static TestServer start(StubUseCases stub, HttpApiSettings settings, int javaFeatureVersion) throws IOException {
        HttpApi api = new HttpApi(settings, stub.useCases(), javaFeatureVersion);
        return new TestServer(stub, api, api.start());
    }

    /** Loopback, port 0, the default origins; {@code null} arguments take the defaults. */
    static HttpApiSettings settings(String token, Duration keepalive, List<String> allowedHosts) {
        return new HttpApiSettings("127.0.0.1", 0, token, null, allowedHosts, keepalive, "1.0.0-test");
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + address.getPort() + pathAndQuery);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send("GET", path, null, null, headers);
    }

    /** @param headers name, value, name, value, ... */
    HttpResponse<String> send(String method, String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, "application/json", body);
    }

    /** Opens an SSE stream; the caller closes the reader. */
    SseReader stream(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseReader(response);
    }

    /**
     * Sends {@code head} (request line and headers, without the final blank line) over a plain socket, for what
     * {@link HttpClient} does not let a test send (a foreign {@code Host}), and returns the whole answer.
     */
    String raw(String head) throws IOException {
        return raw(head, new byte[0]);
    }

    /** Like {@link #raw(String)}, then sends {@code body} (as much of a body as the test wants to send). */
    String raw(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A socket that has sent {@code head} and read the answer's status line and headers. */
    Socket rawStream(String head) throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1), 1);
        String line;
        do {
            line = reader.readLine();
        } while (line != null && !line.isEmpty());
        return socket;
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        api.close();
        http.close();
    }
}
