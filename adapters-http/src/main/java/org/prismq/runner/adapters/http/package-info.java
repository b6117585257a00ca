/**
 * The HTTP API of PrismQ Runner on the JDK's {@code com.sun.net.httpserver}. Bootstrap builds an
 * {@link org.prismq.runner.adapters.http.HttpApi} from {@link org.prismq.runner.adapters.http.HttpApiSettings}
 * and {@link org.prismq.runner.adapters.http.HttpUseCases}; everything else here is package-private. Handlers
 * call only the application's incoming ports.
 *
 * <h2>Errors</h2>
 * Every non-2xx answer is {@code {"detail", "error_code", "timestamp", "errors"}}. The codes and their statuses
 * are listed once, in {@link org.prismq.runner.adapters.http.ErrorCode}; a use case's refusal becomes one in
 * {@code ApiException.from}, and docs/api.md says when each is given.
 *
 * The JDK server answers a few malformed requests itself, before any handler runs, with its own short HTML
 * 400 (or 501): a request line or URI it cannot parse (such as a {@code %zz} escape), conflicting
 * {@code Content-Length}/{@code Transfer-Encoding}, illegal header names.
 *
 * <h2>Requests</h2>
 * <ul>
 *   <li>An empty body reads as {@code {}}. Body fields the API does not know are ignored, as by the original
 *       backend.</li>
 *   <li>Query values are percent-decoded with {@code +} kept as a plus sign; an empty value counts as not given;
 *       unknown query parameters are ignored.</li>
 *   <li>Timestamps are sent as {@code 2024-05-01T12:00:00.123456Z}; {@code since} also takes an offset, a time
 *       without a zone (read as UTC) or a plain date.</li>
 *   <li>Modules never carry {@code env}: its values may be secrets. {@code script_path} is the catalog's text;
 *       {@code working_dir} is {@code null} unless the module sets one.</li>
 * </ul>
 *
 * <h2>Logs</h2>
 * {@code GET /api/runs/{id}/logs}: without {@code after}, the last {@code tail} (1..10000, default 500) lines
 * that match {@code since} and {@code level}; with {@code after=SEQ}, the first {@code tail} matching lines after
 * that seq (page forward until {@code truncated} is false). {@code level} is a minimum severity, case-insensitive,
 * aliases allowed. {@code total_lines} counts all stored lines of the run. {@code /logs/download} streams every
 * line as {@code [timestamp] [LEVEL] [stream] message}, in constant memory.
 *
 * <h2>Live logs</h2>
 * {@code GET /api/runs/{id}/logs/stream} (Server-Sent Events) starts after {@code Last-Event-ID}, else after
 * {@code ?after=SEQ}, else with the last {@code ?tail=N} lines (0 for only new ones), else at line 1. Line events
 * carry {@code id: <seq>} and the LogEntry JSON (named {@code log} with {@code ?event=log}); {@code event: status}
 * reports status changes; {@code event: complete} with {@code id: <last seq>}, {@code {"status", "exit_code"}}
 * and {@code retry: 3600000} (so that browsers do not reconnect) ends the stream. A resume from the last line of
 * an ended run gets 204. {@code : keepalive} follows every keepalive interval (default 15 s) without events.
 * Closing the API wakes and ends open streams at once.
 *
 * <h2>Slow clients and limits</h2>
 * A client has 30 s from its first byte to send its whole request
 * (headers and body), then its connection is closed ({@code JdkServerLimits}, which also names the JDK properties); a
 * GET is received once its headers are, so log streams are not limited. Requests run on virtual threads from
 * Java 24 on, on platform threads before (see {@link org.prismq.runner.adapters.http.HttpApi}), so that clients
 * that never finish keep no one else waiting.
 *
 * <h2>OpenAPI</h2>
 * {@code GET /api/openapi.json} serves {@code openapi.json}, a hand-written OpenAPI 3.1 document beside these
 * classes; a test walks it against the route table, the handlers' parameters and the answers. When a route, a
 * parameter or a field changes, that document changes with it.
 *
 * <h2>Security</h2>
 * <ul>
 *   <li>{@code Host} must be the bound address, a loopback literal, {@code localhost} or a configured name (any
 *       IP literal when bound to every interface); the port is not compared. Else 403.</li>
 *   <li>{@code Access-Control-Allow-Origin} only for configured origins; preflights from them get 204 with
 *       {@code GET, POST, DELETE} and {@code Content-Type, Authorization, Last-Event-ID}.</li>
 *   <li>With a token (required off loopback), every {@code /api} request needs
 *       {@code Authorization: Bearer <token>}; the stream also takes {@code ?token=}. Compared in constant
 *       time; never logged (the access log records method, path without query, status, duration at DEBUG).</li>
 * </ul>
 */
package org.prismq.runner.adapters.http;
