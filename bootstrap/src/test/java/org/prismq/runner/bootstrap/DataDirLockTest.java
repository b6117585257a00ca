package org.prismq.runner.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

    @TempDir
    Path dataDir;

    @Test
    void aSecondHoldOnTheSameDirectoryIsRefusedNamingTheDirectoryAndTheHoldersPid() throws Exception {
        try (DataDirLock first = DataDirLock.acquire(dataDir)) {
            StartupException refused = assertThrows(StartupException.class, () -> DataDirLock.acquire(dataDir));

            String pid = Long.toString(ProcessHandle.current().pid());
            assertTrue(refused.getMessage().contains(dataDir.toAbsolutePath().normalize().toString()),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + pid), refused.getMessage());
            assertEquals(List.of(pid), Files.readAllLines(dataDir.resolve(DataDirLock.FILE_NAME)));
        }
    }

    @Test
    void theDirectoryCanBeTakenAgainOnceReleased() {
        DataDirLock.acquire(dataDir).close();

        try (DataDirLock again = DataDirLock.acquire(dataDir.resolve("..").resolve(dataDir.getFileName()))) {
            assertTrue(Files.exists(dataDir.resolve(DataDirLock.FILE_NAME)));
        }
    }

    @Test
    void aServiceOnADirectoryInUseRefusesToStartAndCreatesNoDatabase() {
        try (DataDirLock holder = DataDirLock.acquire(dataDir)) {
            Config config = Config.parse(List.of("--port", "0", "--data-dir", dataDir.toString()), name -> null);

            StartupException refused = assertThrows(StartupException.class, () -> Service.start(config));

            assertTrue(refused.getMessage().contains("in use by another PrismQ Runner"), refused.getMessage());
            assertTrue(Files.notExists(dataDir.resolve("prismq.db")), "no database created");
            assertTrue(Files.notExists(dataDir.resolve("demo-modules")), "no demo modules installed");
        }
    }
}
