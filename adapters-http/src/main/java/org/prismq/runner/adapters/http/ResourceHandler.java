package org.prismq.runner.adapters.http;

import java.io.IOException;

/**
 * Answers the requests for one resource of the API. The route table has already matched the path and the
 * method and checked the caller; the handler reads its inputs (failing with {@link ApiException}), calls its use
 * cases (which may throw {@code RunnerException}) and writes one answer. Called from many threads at once.
 * Closed once when the server stops.
 */
interface ResourceHandler extends AutoCloseable {

    void handle(ApiRequest request) throws IOException;

    @Override
    default void close() {
    }
}
