package org.prismq.runner.adapters.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.prismq.runner.domain.log.LogStream;

/**
 * Reads one output stream of a process to its end, in chunks, and delivers the lines of each chunk as one batch.
 * Runs on its own thread; counts {@code drained} down once the stream ends, is closed or fails. The consumer
 * failing does not stop the reading, which would block the process on a full pipe: the failure is logged once.
 */
final class OutputPump implements Runnable {

    static final int CHUNK_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(OutputPump.class.getName());

    private final InputStream input;
    private final LogStream stream;
    private final LineSplitter splitter;
    private final OutputGate gate;
    private final CountDownLatch drained;
    private final String name;
    private boolean consumerFailed;
    private long droppedLines;

    OutputPump(InputStream input, LogStream stream, int maxLineBytes, OutputGate gate, CountDownLatch drained,
               String name) {
        this.input = input;
        this.stream = stream;
        this.splitter = new LineSplitter(maxLineBytes);
        this.gate = gate;
        this.drained = drained;
        this.name = name;
    }

    @Override
    public void run() {
        try (input) {
            byte[] chunk = new byte[CHUNK_BYTES];
            int count;
            while ((count = input.read(chunk)) >= 0) {
                deliver(splitter.feed(chunk, 0, count));
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: {1} ended: {2}", name, stream.wireName(), e.getMessage());
        } finally {
            deliver(splitter.finish());
            drained.countDown();
        }
        if (droppedLines > 0) {
            LOG.log(Level.WARNING, "{0}: dropped {1} line(s) of {2} printed after the run was over",
                    name, droppedLines, stream.wireName());
        }
    }

    private void deliver(List<String> lines) {
        try {
            if (!gate.deliver(stream, lines)) {
                droppedLines += lines.size();
            }
        } catch (RuntimeException e) {
            if (!consumerFailed) {
                consumerFailed = true;
                LOG.log(Level.WARNING, name + ": the output consumer failed on " + stream.wireName()
                        + "; reading goes on", e);
            }
        }
    }
}
