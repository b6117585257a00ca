package org.prismq.runner.adapters.http;

import java.util.Locale;

/**
 * Every {@code error_code} the API answers with, each with its HTTP status: the one list in code. docs/api.md and
 * the OpenAPI document list the same codes (a test checks both).
 */
enum ErrorCode {

    /** The body is not strict UTF-8 JSON (a byte order mark, UTF-16, malformed bytes), or not one JSON object. */
    INVALID_JSON(400),
    /** A body field of the wrong type; a malformed {@code Last-Event-ID}. */
    INVALID_REQUEST(400),
    /** A parameter value that is not a string, number, boolean or null; the use case's validation refused them. */
    INVALID_PARAMETERS(400),
    /** A query value out of range or unreadable, or given twice. */
    INVALID_QUERY(400),
    /** A module or run id (path or {@code module_id} filter) that is not {@code [A-Za-z0-9._-]+}, or too long. */
    INVALID_ID(400),
    /** Cancelling a run that has ended. */
    RUN_NOT_ACTIVE(400),
    /** A token is configured, but missing or wrong. */
    UNAUTHORIZED(401),
    /** The {@code Host} header names another host. */
    HOST_NOT_ALLOWED(403),
    /**
     * A CORS preflight from an origin not configured, or a state-changing request from a page of another origin
     * (cross-site request forgery).
     */
    ORIGIN_NOT_ALLOWED(403),
    /** No resource at this path. */
    NOT_FOUND(404),
    MODULE_NOT_FOUND(404),
    RUN_NOT_FOUND(404),
    /** A method the path does not take; answered with an {@code Allow} header. */
    METHOD_NOT_ALLOWED(405),
    /** A launch of a module that is disabled or in maintenance. */
    MODULE_NOT_LAUNCHABLE(409),
    /** Deleting a run that is still queued or running. */
    RUN_ACTIVE(409),
    /** A body over 1 MiB. */
    PAYLOAD_TOO_LARGE(413),
    /** A POST (empty bodies too) not sent as {@code application/json} in UTF-8. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** A search's regular expression ran away on a line (catastrophic backtracking) and was stopped. */
    SEARCH_TOO_SLOW(422),
    /** The wait queue is full. */
    QUEUE_FULL(429),
    /** A bug; the stack trace goes to the server log only. */
    INTERNAL_ERROR(500),
    /** The service is stopping and takes no new runs or streams. */
    SHUTTING_DOWN(503),
    /** Storage cannot write now (a full disk, a lost database server): a launch is refused and records nothing. */
    STORAGE_UNAVAILABLE(503);

    private final int status;
    private final String wireName;

    ErrorCode(int status) {
        this.status = status;
        this.wireName = name().toLowerCase(Locale.ROOT);
    }

    /** The HTTP status of an answer with this code. */
    int status() {
        return status;
    }

    /** The code as the {@code error_code} field carries it, e.g. {@code queue_full}. */
    String wireName() {
        return wireName;
    }
}
