package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

class ProcessTreeTest {

    @Test
    void countsAZombieAsNoLongerRunning() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc", "self")), "needs Linux /proc");
        // The parent never waits for the child it forks, which therefore stays a zombie.
        Process parent = new ProcessBuilder("python3", "-c", """
                import os, time
                child = os.fork()
                if child == 0:
                    os._exit(0)
                print(child, flush=True)
                time.sleep(30)
                """).start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            ProcessHandle zombie = ProcessHandle.of(Long.parseLong(reader.readLine().trim())).orElseThrow();

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ProcessTree.isRunning(zombie) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }

            assertFalse(ProcessTree.isRunning(zombie), "a zombie counts as running");
            assertTrue(ProcessTree.isRunning(parent.toHandle()));
        } finally {
            parent.destroyForcibly();
        }
    }
}
