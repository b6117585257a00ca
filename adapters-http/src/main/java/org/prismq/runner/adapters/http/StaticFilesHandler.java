package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import com.sun.net.httpserver.Headers;

/**
 * The service's own web page: {@code GET /} answers {@code index.html}, {@code GET /ui/{file}} the page's other
 * files. Files come only from a fixed list of names bundled in {@code web/} on the class path, read once at
 * construction; the request never names a path, so nothing else can be reached (no traversal, no listing). Any
 * other name is a 404.
 *
 * <p>The files hold no data, so they are served without a token (the page asks for one when the API answers
 * 401); the {@code Host} check applies as everywhere. Every answer is marked {@code no-cache} with an
 * {@code ETag}, so a browser revalidates and gets a 304 while the file is unchanged, and carries a strict
 * {@code Content-Security-Policy}: the page loads and calls nothing but this service, runs no inline script or
 * style, and cannot be framed. ({@code X-Content-Type-Options: nosniff} comes from {@link ApiDispatcher}, on every
 * answer.)
 */
final class StaticFilesHandler implements ResourceHandler {

    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static final String INDEX = "index.html";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            INDEX, "text/html; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");

    private final Map<String, StaticFile> files;

    /** @throws UncheckedIOException when a bundled file is missing, which is a packaging bug */
    StaticFilesHandler() {
        Map<String, StaticFile> loaded = new HashMap<>();
        CONTENT_TYPES.forEach((name, type) -> loaded.put(name, StaticFile.load(name, type)));
        this.files = Map.copyOf(loaded);
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        String path = request.exchange().getRequestURI().getRawPath();
        String name = path.equals("/") ? INDEX : path.substring(path.lastIndexOf('/') + 1);
        // The name is only a key into the bundled files: a request can never name a path on disk.
        StaticFile file = files.get(name);
        if (file == null) {
            throw new ApiException(ErrorCode.NOT_FOUND, "the web page has no file '" + QueryParameters.shortened(name)
                    + "'");
        }
        Headers headers = request.exchange().getResponseHeaders();
        headers.set("Content-Type", file.contentType());
        headers.set("Cache-Control", "no-cache");
        headers.set("ETag", file.etag());
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("Referrer-Policy", "no-referrer");
        if (file.etag().equals(request.header("If-None-Match"))) {
            request.exchange().sendResponseHeaders(304, -1);
            return;
        }
        request.exchange().sendResponseHeaders(200, file.bytes().length);
        try (OutputStream out = request.exchange().getResponseBody()) {
            out.write(file.bytes());
        }
    }

    /** One bundled file, its type and a strong validator of its content. */
    private record StaticFile(byte[] bytes, String contentType, String etag) {

        static StaticFile load(String name, String contentType) {
            try (InputStream in = StaticFilesHandler.class.getResourceAsStream("/web/" + name)) {
                if (in == null) {
                    throw new UncheckedIOException(new IOException("the web page file web/" + name
                            + " is missing from the class path"));
                }
                byte[] bytes = in.readAllBytes();
                return new StaticFile(bytes, contentType, '"' + sha256(bytes) + '"');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String sha256(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
            } catch (NoSuchAlgorithmException everyJdkHasIt) {
                throw new IllegalStateException(everyJdkHasIt);
            }
        }
    }
}
