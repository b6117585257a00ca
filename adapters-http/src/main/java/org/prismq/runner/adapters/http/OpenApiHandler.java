package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/openapi.json}: the OpenAPI 3.1 description of this API, a hand-written resource beside this
 * class that a test checks against the route table and the answers. Read once, when the routes are built.
 */
final class OpenApiHandler implements ResourceHandler {

    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    OpenApiHandler() {
        this.document = load();
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        Responses.jsonBytes(request.exchange(), 200, document);
    }

    static byte[] load() {
        try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + RESOURCE + " is missing beside "
                        + OpenApiHandler.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the resource " + RESOURCE, unreadable);
        }
    }
}
