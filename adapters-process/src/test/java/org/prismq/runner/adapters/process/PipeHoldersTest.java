package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Naming the pipe a module writes to. Right after a start the child may still hold the descriptors it inherited
 * from this JVM; a pipe found there must not be taken for the module's, or the search for the processes that hold
 * the module's output would look for the wrong pipe and miss them.
 */
class PipeHoldersTest {

    @Test
    void aPipeThisJvmHoldsOnItsOwnOutputIsNotTakenForAChildsOutput() throws Exception {
        long self = ProcessHandle.current().pid();
        Optional<String> inherited = PipeHolders.pipeOf(self, 1).or(() -> PipeHolders.pipeOf(self, 2));
        assumeTrue(inherited.isPresent(), "needs Linux and a pipe on this JVM's stdout or stderr");
        int fd = PipeHolders.pipeOf(self, 1).isPresent() ? 1 : 2;
        Process child = new ProcessBuilder("sleep", "30").redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            assertEquals(inherited, PipeHolders.pipeOf(child.pid(), fd), "the child holds what it inherited");

            assertEquals(Optional.empty(), PipeHolders.outputPipeOf(child.pid(), fd));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aChildsOwnOutputPipeIsNamed() throws IOException, InterruptedException {
        assumeTrue(Files.isDirectory(Path.of("/proc", "self", "fd")), "needs Linux /proc");
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            Optional<String> named = PipeHolders.outputPipeOf(child.pid(), 1);
            // The child may not have taken its pipe yet; once it has, the name is that of its own pipe.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (named.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                named = PipeHolders.outputPipeOf(child.pid(), 1);
            }
            assertTrue(named.isPresent());
            assertTrue(named.get().startsWith("pipe:"), named.get());
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
