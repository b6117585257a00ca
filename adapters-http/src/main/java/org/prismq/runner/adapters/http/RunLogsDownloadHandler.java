package org.prismq.runner.adapters.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
 * stored when the last page was read.
 */
final class RunLogsDownloadHandler implements ResourceHandler {

    static final int PAGE_SIZE = 1000;

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
        try (Writer out = new BufferedWriter(
                new OutputStreamWriter(request.exchange().getResponseBody(), StandardCharsets.UTF_8), 1 << 16)) {
            while (true) {
                for (LogEntry entry : page) {
                    writeLine(out, entry);
                }
                if (page.size() < PAGE_SIZE) {
                    return;
                }
                page = logs.page(run, page.getLast().seq(), PAGE_SIZE);
            }
        }
    }

    private static void writeLine(Writer out, LogEntry entry) throws IOException {
        out.write('[');
        out.write(Timestamps.format(entry.timestamp()));
        out.write("] [");
        out.write(entry.level().name());
        out.write("] [");
        out.write(entry.stream().wireName());
        out.write("] ");
        out.write(entry.message());
        out.write('\n');
    }
}
