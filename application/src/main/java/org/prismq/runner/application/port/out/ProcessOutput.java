package org.prismq.runner.application.port.out;

import java.util.List;

import org.prismq.runner.domain.log.LogStream;

/**
 * Receives a running process's output. Calls for one stream come from one thread at a time, in the order the
 * process printed; calls for stdout and stderr may come concurrently.
 */
public interface ProcessOutput {

    /**
     * A batch of complete lines of one stream, without their line breaks ({@code \n}, {@code \r\n} or a lone
     * {@code \r}), decoded as UTF-8 with invalid bytes replaced. A line longer than the launcher's maximum
     * arrives as several consecutive lines. The last line of a stream is delivered even without a line break.
     * A batch is never empty, and the list belongs to the receiver.
     */
    void lines(LogStream stream, List<String> lines);

    /**
     * The process has exited and both streams are drained (or abandoned to a process outside the tree that
     * still holds them). Called once, after every {@link #lines} call.
     *
     * @param exitCode the process's exit status ({@code 128 + signal} for a signalled process on Unix)
     */
    void exited(int exitCode);
}
