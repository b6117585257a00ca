package org.prismq.runner.bootstrap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The exclusive hold of one service on its data directory: an operating-system lock on
 * {@value #FILE_NAME} in it, which also names the holder's pid for the message a second service gives.
 *
 * <p>The lock is the operating system's ({@code fcntl} on Linux and macOS, {@code LockFileEx} on Windows), so it
 * goes with the process however it ends, {@code kill -9} and power loss included: a stale file never keeps a
 * service from starting. It covers one byte far beyond the pid text, so that on Windows, where locks are
 * mandatory, the second service can still read the pid. On Linux and macOS a lock is held per process and
 * released when any channel of that process on the file closes, so a data directory locked in this JVM is
 * refused before its file is even opened again. A data directory on a network file system is only as safe as
 * that file system's locking (NFS needs its lock service).
 *
 * <p>Thread-safe. {@link #close()} releases the lock and leaves the file; the next holder overwrites the pid.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "prismq-runner.lock";

    private static final System.Logger LOG = System.getLogger(DataDirLock.class.getName());
    /** Far beyond the pid text, which stays readable on Windows, and within every platform's offsets. */
    private static final long LOCKED_BYTE = 1L << 40;
    private static final int MAX_PID_TEXT = 64;
    private static final Set<Path> HELD_IN_THIS_PROCESS = new HashSet<>();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on the existing directory {@code dataDir} and writes this process's pid into the lock file.
     *
     * @throws StartupException when another service holds it (the message names the directory and the holder's
     *                          pid), or the lock file cannot be written
     */
    static DataDirLock acquire(Path dataDir) {
        Path directory = dataDir.toAbsolutePath().normalize();
        Path file = directory.resolve(FILE_NAME);
        synchronized (HELD_IN_THIS_PROCESS) {
            if (HELD_IN_THIS_PROCESS.contains(directory)) {
                throw inUse(directory, Long.toString(ProcessHandle.current().pid()));
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    String holder = holderOf(channel);
                    channel.close();
                    throw inUse(directory, holder);
                }
                writePid(channel);
                HELD_IN_THIS_PROCESS.add(directory);
                LOG.log(System.Logger.Level.DEBUG, "locked the data directory {0}", directory);
                return new DataDirLock(directory, channel, lock);
            } catch (IOException failure) {
                closeQuietly(channel);
                throw new StartupException("cannot lock the data directory " + directory + " (" + file + "): "
                        + failure.getMessage(), failure);
            }
        }
    }

    @Override
    public void close() {
        synchronized (HELD_IN_THIS_PROCESS) {
            if (!channel.isOpen()) {
                return;
            }
            try {
                lock.release();
            } catch (IOException failure) {
                LOG.log(System.Logger.Level.WARNING, "releasing the lock on " + directory + " failed", failure);
            }
            closeQuietly(channel);
            HELD_IN_THIS_PROCESS.remove(directory);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock(LOCKED_BYTE, 1, false);
        } catch (OverlappingFileLockException heldHere) {
            // Another channel of this JVM holds it: only another library on the same file could get here.
            return null;
        }
    }

    private static void writePid(FileChannel channel) throws IOException {
        byte[] pid = (ProcessHandle.current().pid() + System.lineSeparator()).getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        channel.force(false);
    }

    /** The pid the holder wrote, or a phrase saying it is unknown (it may be writing it this very moment). */
    private static String holderOf(FileChannel channel) {
        try {
            ByteBuffer text = ByteBuffer.allocate(MAX_PID_TEXT);
            channel.read(text, 0);
            String pid = new String(text.array(), 0, text.position(), StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d+") ? pid : "unknown";
        } catch (IOException unreadable) {
            return "unknown";
        }
    }

    private static StartupException inUse(Path directory, String holderPid) {
        return new StartupException("the data directory " + directory + " is in use by another PrismQ Runner "
                + "(pid " + holderPid + "); stop it or choose another --data-dir", null);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException failure) {
            LOG.log(System.Logger.Level.WARNING, "closing the data directory's lock file failed", failure);
        }
    }
}
