package org.prismq.runner.application.port.out;

import java.util.List;

import org.prismq.runner.domain.log.LogStream;

/**
 * Receives a running process's output. Calls for one stream come from one thread at a time, in the order the
 * process printed; calls for stdout and stderr may come concurrently.
 */
public interface ProcessOutput {

    /**
     * A batch of complete lines of one stream, without their line breaks ({@code \n} or {@code \r\n}), decoded
     * as UTF-8 with invalid bytes replaced. Text ended by a lone {@code \r} is not a line but a frame of the line
     * being written (see {@link #frame}): a line is the text after its last {@code \r}, or its last frame when
     * nothing follows that {@code \r}. A line longer than the launcher's maximum arrives as several consecutive
     * lines. The last line of a stream (or its last frame) is delivered even without a line break. A batch is
     * never empty, and the list belongs to the receiver.
     */
    void lines(LogStream stream, List<String> lines);

    /**
     * The line being written on {@code stream} was redrawn in place: {@code text}, decoded as for {@link #lines},
     * is what the process printed before a lone {@code \r} (a progress bar's latest state). The line itself
     * arrives later through {@link #lines}, in its final state; a frame is only a glimpse of it, and is never a
     * line of its own. At most one frame per read of the stream, the latest (frames superseded within one read
     * are not passed on), in order with the stream's lines and never after {@link #exited}; at most as long as
     * the longest line. Receivers that keep only lines may ignore frames, as this default does.
     */
    default void frame(LogStream stream, String text) {
    }

    /**
     * The process has exited and both streams are drained (or abandoned to a process outside the tree that
     * still holds them). Called once, after every {@link #lines} call.
     *
     * @param exitCode the process's exit status ({@code 128 + signal} for a signalled process on Unix)
     */
    void exited(int exitCode);
}
