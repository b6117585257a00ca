package org.prismq.runner.bootstrap.e2e;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Server-Sent Event as received.
 *
 * @param event the event name, {@code null} for an unnamed (message) event
 * @param id    the {@code id:} field, or {@code null}
 */
record SseEvent(String event, String id, String data) {

    /** The data field, parsed as JSON; not JSON is a test failure. */
    JsonNode json() {
        try {
            return Api.JSON.readTree(data);
        } catch (IOException e) {
            throw new AssertionError("event data is not JSON: " + data, e);
        }
    }
}
