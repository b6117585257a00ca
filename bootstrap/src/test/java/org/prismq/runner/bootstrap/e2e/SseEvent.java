package org.prismq.runner.bootstrap.e2e;

/**
 * One Server-Sent Event as received.
 *
 * @param event the event name, {@code null} for an unnamed (message) event
 * @param id    the {@code id:} field, or {@code null}
 */
record SseEvent(String event, String id, String data) {
}
