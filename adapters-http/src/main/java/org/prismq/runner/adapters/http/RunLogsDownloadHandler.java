package org.prismq.runner.adapters.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.sun.net.httpserver.Headers;

import org.prismq.runner.application.port.in.ReadLogsUseCase;
import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.run.RunId;

/**
 * {@code GET /api/runs/{run_id}/logs/download}: every stored line as a {@code text/plain} attachment
 * {@code {run_id}.log}, one {@code [timestamp] [LEVEL] [stream] message} per line. Streamed page by page in
 * chunks, so a log of any size takes constant memory; for a run still writing, the file ends with the lines
 * stored when the last page was read. The lines are written as bytes into a buffer of the handler's own, and the
 * lines of one read of the module's output, which share their capture time, share its formatting.
 */
final class RunLogsDownloadHandler implements ResourceHandler {

    static final int PAGE_SIZE = 1000;
    private static final int BUFFER_BYTES = 1 << 16;
    /** {@code "] [LEVEL] [stream] "}, by level and stream. */
    private static final byte[][][] LEVEL_STREAM = SseLineEncoder.byLevelAndStream((level, stream) -> "] ["
            + level.name() + "] [" + stream.wireName() + "] ");

    private final ReadLogsUseCase logs;

    RunLogsDownloadHandler(ReadLogsUseCase logs) {
        this.logs = logs;
    }

    @Override
    public void handle(ApiRequest request) throws IOException {
        RunId run = request.runId();
        // Read before the headers go out, so that an unknown run is still a 404.
        List<LogEntry> page = logs.page(run, 0, PAGE_SIZE);
        Headers headers = request.exchange().getResponseHeaders();
        headers.set("Content-Type", "text/plain; charset=utf-8");
        headers.set("Content-Disposition", "attachment; filename=\"" + run.value() + ".log\"");
        request.exchange().sendResponseHeaders(200, 0);
        try (OutputStream body = request.exchange().getResponseBody()) {
            LineBuffer out = new LineBuffer(body);
            while (true) {
                for (LogEntry entry : page) {
                    out.line(entry);
                }
                if (page.size() < PAGE_SIZE) {
                    out.flush();
                    return;
                }
                page = logs.page(run, page.getLast().seq(), PAGE_SIZE);
            }
        }
    }

    /** The download's lines, gathered into writes of {@value #BUFFER_BYTES} bytes. Not thread-safe. */
    private static final class LineBuffer {

        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int used;
        private final TimestampBytes timestamps = new TimestampBytes();

        LineBuffer(OutputStream out) {
            this.out = out;
        }

        void line(LogEntry entry) throws IOException {
            put((byte) '[');
            put(timestamps.of(entry.timestamp()));
            put(LEVEL_STREAM[entry.level().ordinal()][entry.stream().ordinal()]);
            // As a writer of UTF-8 would: a lone surrogate becomes '?'.
            put(entry.message().getBytes(StandardCharsets.UTF_8));
            put((byte) '\n');
        }

        void flush() throws IOException {
            if (used > 0) {
                out.write(buffer, 0, used);
                used = 0;
            }
        }

        private void put(byte b) throws IOException {
            if (used == buffer.length) {
                flush();
            }
            buffer[used++] = b;
        }

        private void put(byte[] bytes) throws IOException {
            if (bytes.length > buffer.length - used) {
                flush();
                if (bytes.length > buffer.length) {
                    out.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, used, bytes.length);
            used += bytes.length;
        }
    }
}
