package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.prismq.runner.application.port.out.ResourceSnapshot;

class OsSystemResourcesTest {

    @TempDir
    Path directory;

    @Test
    void reportsPlausibleFigures() {
        ResourceSnapshot snapshot = new OsSystemResources(directory).snapshot();

        assertTrue(snapshot.totalMemoryBytes() > snapshot.freeMemoryBytes(), snapshot.toString());
        assertTrue(snapshot.freeMemoryBytes() > 0, snapshot.toString());
        assertTrue(snapshot.diskFreeBytes() > 0, snapshot.toString());
        assertTrue(snapshot.cpuPercent() <= 100.0, snapshot.toString());
    }

    @Test
    void measuresTheDiskOfADataDirectoryNotCreatedYet() {
        ResourceSnapshot snapshot = new OsSystemResources(directory.resolve("data/later")).snapshot();

        assertTrue(snapshot.diskFreeBytes() > 0, snapshot.toString());
    }

    @Test
    void answersRepeatedCallsQuickly() {
        OsSystemResources resources = new OsSystemResources(directory);
        resources.snapshot();

        long began = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            resources.snapshot();
        }

        assertTrue(System.nanoTime() - began < 2_000_000_000L, "100 snapshots took over 2 s");
    }
}
