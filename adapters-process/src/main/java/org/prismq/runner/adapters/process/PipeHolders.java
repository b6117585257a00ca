package org.prismq.runner.adapters.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, on Linux, every process that can write to a given pipe, wherever it sits in the process table: a process
 * that left a module's tree unseen (a double fork, a child forked while the tree was being stopped) is found as long
 * as it holds the module's output open. Pipes are named as in {@code /proc}, {@code pipe:[<inode>]}; an inode is
 * only unique while the pipe is open, so callers must keep their end open during {@link #holding}.
 */
final class PipeHolders {

    private static final Path PROC = Path.of("/proc");
    /** {@code O_ACCMODE} in the {@code flags} of {@code /proc/<pid>/fdinfo/<fd>}: 1 write-only, 2 read-write. */
    private static final int ACCESS_MODE = 3;

    private PipeHolders() {
    }

    /** The pipe open on file descriptor {@code fd} of process {@code pid}; empty off Linux or when it is no pipe. */
    static Optional<String> pipeOf(long pid, int fd) {
        if (!Platform.LINUX) {
            return Optional.empty();
        }
        return link(PROC.resolve(Long.toString(pid)).resolve("fd").resolve(Integer.toString(fd)))
                .filter(target -> target.startsWith("pipe:"));
    }

    /**
     * The pipe a just-started process writes its output to on {@code fd}; empty when it is not known yet. The JDK
     * returns from a start before the child has moved its pipes onto 0, 1 and 2 (its launcher reports itself
     * alive first), so for a moment the child still holds what it inherited from this JVM: a pipe this JVM has on
     * 0, 1 or 2 is taken for that, not for the child's output.
     */
    static Optional<String> outputPipeOf(long pid, int fd) {
        Optional<String> pipe = pipeOf(pid, fd);
        if (pipe.isEmpty()) {
            return pipe;
        }
        long self = ProcessHandle.current().pid();
        for (int own = 0; own <= 2; own++) {
            if (pipeOf(self, own).equals(pipe)) {
                return Optional.empty();
            }
        }
        return pipe;
    }

    /** The live processes, other than this JVM and those of other users, holding one of {@code pipes} to write. */
    static List<ProcessHandle> holding(Set<String> pipes) {
        List<ProcessHandle> holders = new ArrayList<>();
        if (pipes.isEmpty() || !Platform.LINUX) {
            return holders;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, PipeHolders::isPid)) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != self && holdsForWriting(process, pipes)) {
                    ProcessHandle.of(pid).ifPresent(holders::add);
                }
            }
        } catch (IOException e) {
            // No /proc to read: nothing found.
        }
        return holders;
    }

    private static boolean holdsForWriting(Path process, Set<String> pipes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                if (link(fd).filter(pipes::contains).isPresent() && writable(process, fd.getFileName().toString())) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            // Gone meanwhile, or another user's: either way not one to kill.
        }
        return false;
    }

    private static boolean writable(Path process, String fd) {
        try {
            for (String line : Files.readAllLines(process.resolve("fdinfo").resolve(fd), StandardCharsets.US_ASCII)) {
                if (line.startsWith("flags:")) {
                    return (Integer.parseInt(line.substring("flags:".length()).trim(), 8) & ACCESS_MODE) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Closed meanwhile: not a holder.
        }
        return false;
    }

    private static boolean isPid(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }

    private static Optional<String> link(Path fd) {
        try {
            return Optional.of(Files.readSymbolicLink(fd).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }
}
