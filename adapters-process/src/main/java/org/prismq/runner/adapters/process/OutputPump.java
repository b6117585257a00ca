package org.prismq.runner.adapters.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import org.prismq.runner.domain.log.LogStream;

/**
 * Reads one output stream of a process to its end, in chunks, and delivers the lines of each chunk as one batch,
 * then the frame the chunk leaves pending, if any (see {@link LineSplitter}).
 * Runs on its own thread; closes the stream and counts {@code drained} down once the stream ends, is closed or
 * fails. The consumer failing does not stop the reading, which would block the process on a full pipe: the failure
 * is logged once.
 *
 * <p>The stream is closed while holding this pump's monitor, so a caller synchronized on the pump sees the pipe
 * either open, and then it stays open (its name cannot pass to another pipe), or closed for good.
 */
final class OutputPump implements Runnable {

    static final int CHUNK_BYTES = 64 * 1024;

    private static final System.Logger LOG = System.getLogger(OutputPump.class.getName());

    private final InputStream input;
    private final LogStream stream;
    /** Names the pipe while the process holds it; asked again at the first output if it could not at once. */
    private final Supplier<Optional<String>> pipeNamer;
    private Optional<String> pipe;
    private final LineSplitter splitter;
    private final OutputGate gate;
    private final CountDownLatch drained;
    private final String name;
    private boolean open = true;
    private boolean consumerFailed;
    private long droppedLines;

    /** @param pipeNamer the pipe the process writes {@code input} to, as {@link PipeHolders} names it, if known */
    OutputPump(InputStream input, LogStream stream, Supplier<Optional<String>> pipeNamer, int maxLineBytes,
               OutputGate gate, CountDownLatch drained, String name) {
        this.input = input;
        this.stream = stream;
        this.pipeNamer = pipeNamer;
        this.pipe = pipeNamer.get();
        this.splitter = new LineSplitter(maxLineBytes);
        this.gate = gate;
        this.drained = drained;
        this.name = name;
    }

    @Override
    public void run() {
        try {
            pump();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: {1} ended: {2}", name, stream.wireName(), e.getMessage());
        } finally {
            deliver(splitter.finish());
            close();
            drained.countDown();
        }
        if (droppedLines > 0) {
            LOG.log(Level.WARNING, "{0}: dropped {1} line(s) of {2} printed after the run was over",
                    name, droppedLines, stream.wireName());
        }
    }

    private void pump() throws IOException {
        byte[] chunk = new byte[CHUNK_BYTES];
        // Once a process has exited, the JDK closes its pipe at the first moment nobody holds the stream's monitor,
        // cutting off what the processes it left behind still write and hiding them from the drain. Holding the
        // monitor for the whole reading leaves the end of the stream to the pipe itself (unless the process exits
        // before this thread gets here). Meanwhile the JDK's exit handling waits, and with it the stages chained to
        // the module's onExit(): nothing here waits on those alone.
        synchronized (input) {
            int count;
            boolean first = true;
            while ((count = input.read(chunk)) >= 0) {
                if (first) {
                    first = false;
                    nameUnnamedPipe();
                }
                deliver(splitter.feed(chunk, 0, count));
                String frame = splitter.takeFrame();
                if (frame != null) {
                    deliverFrame(frame);
                }
            }
        }
    }

    /** The process has written, so it holds its own pipes now: names the pipe if that failed at the start. */
    private synchronized void nameUnnamedPipe() {
        if (pipe.isEmpty()) {
            pipe = pipeNamer.get();
        }
    }

    /** The pipe while this pump still reads it; hold the pump's monitor for as long as the name is used. */
    synchronized Optional<String> openPipe() {
        return open ? pipe : Optional.empty();
    }

    private synchronized void close() {
        open = false;
        try {
            input.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0}: closing {1} failed: {2}", name, stream.wireName(), e.getMessage());
        }
    }

    private void deliver(List<String> lines) {
        try {
            if (!gate.deliver(stream, lines)) {
                droppedLines += lines.size();
            }
        } catch (RuntimeException e) {
            consumerFailed(e);
        }
    }

    private void deliverFrame(String frame) {
        try {
            gate.frame(stream, frame);
        } catch (RuntimeException e) {
            consumerFailed(e);
        }
    }

    private void consumerFailed(RuntimeException e) {
        if (!consumerFailed) {
            consumerFailed = true;
            LOG.log(Level.WARNING, name + ": the output consumer failed on " + stream.wireName()
                    + "; reading goes on", e);
        }
    }
}
