package org.prismq.runner.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few threads that read many readers' streams, each thread a selector over its share of the sockets: a socket
 * that has bytes is read at once, 64 KiB at most, and the bytes go to its {@link SseReader} with the time of that
 * read. A reader on a thread of its own pays a park and an unpark, and with a virtual thread a hand-off through
 * the JDK's poller, for every read; here a read is one system call, and one wait serves every socket that became
 * readable meanwhile. The benchmark's readers share the service's cores, so what they spend per read is taken
 * from the service they measure.
 */
final class ReadLoops implements AutoCloseable {

    private static final int READ_BUFFER = 64 * 1024;
    private static final String STOPPED = "the benchmark stopped reading";

    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    ReadLoops(int threads, String name) throws IOException {
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop(Selector.open());
            Thread.ofPlatform().daemon().name(name + i).start(loops[i]);
        }
    }

    /** From now on {@code reader}'s stream is read by one of these threads, which ends the reader when it ends. */
    void add(SocketChannel channel, SseReader reader) {
        loops[Math.floorMod(next.getAndIncrement(), loops.length)].add(channel, reader);
    }

    /** Stops the threads; the readers whose streams had not ended are ended, with that said. */
    @Override
    public void close() throws InterruptedException {
        for (Loop loop : loops) {
            loop.stop();
        }
    }

    private static final class Loop implements Runnable {

        private final Selector selector;
        private final Queue<Added> added = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
        private volatile boolean stopping;
        private volatile Thread thread;

        Loop(Selector selector) {
            this.selector = selector;
        }

        void add(SocketChannel channel, SseReader reader) {
            added.add(new Added(channel, reader));
            selector.wakeup();
            if (stopping) {
                // The thread may have drained the queue before this reader came: whoever takes it ends it.
                endAdded(STOPPED);
            }
        }

        void stop() throws InterruptedException {
            stopping = true;
            selector.wakeup();
            Thread running = thread;
            if (running != null) {
                running.join();
            }
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            String problem = STOPPED;
            try {
                while (!stopping) {
                    register();
                    selector.select(this::read);
                }
            } catch (IOException | RuntimeException failure) {
                problem = "read loop failed: " + failure;
            } finally {
                for (SelectionKey key : List.copyOf(selector.keys())) {
                    if (key.isValid()) {
                        ((SseReader) key.attachment()).fail(problem);
                        end(key);
                    }
                }
                endAdded(problem);
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // nothing is left to read
                }
            }
        }

        private void endAdded(String problem) {
            for (Added pending; (pending = added.poll()) != null; ) {
                pending.end(problem);
            }
        }

        private void register() {
            for (Added pending; (pending = added.poll()) != null; ) {
                try {
                    pending.channel().configureBlocking(false);
                    pending.channel().register(selector, SelectionKey.OP_READ, pending.reader());
                } catch (IOException | RuntimeException failure) {
                    pending.end("reader failed: " + failure);
                }
            }
        }

        private void read(SelectionKey key) {
            SseReader reader = (SseReader) key.attachment();
            SocketChannel channel = (SocketChannel) key.channel();
            buffer.clear();
            try {
                int count = channel.read(buffer);
                if (count > 0) {
                    reader.decode(buffer.array(), 0, count, SseReader.nowMicros());
                }
                if (count >= 0 && !reader.done()) {
                    return;
                }
            } catch (IOException | RuntimeException failure) {
                reader.fail("reader failed: " + failure);
            }
            end(key);
        }

        private static void end(SelectionKey key) {
            key.cancel();
            close((SocketChannel) key.channel());
            ((SseReader) key.attachment()).end();
        }

        private static void close(SocketChannel channel) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the stream is over either way
            }
        }
    }

    /** A reader handed over, not yet read by its loop. */
    private record Added(SocketChannel channel, SseReader reader) {

        /** Ends the reader, unread, with {@code problem}. */
        void end(String problem) {
            reader.fail(problem);
            Loop.close(channel);
            reader.end();
        }
    }
}
