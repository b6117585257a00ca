package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutableFinderTest {

    @TempDir
    Path directory;

    @Test
    void findsTheFirstExecutableOnThePath() throws IOException {
        assumeTrue(isPosix());
        Path first = Files.createDirectory(directory.resolve("first"));
        Path second = Files.createDirectory(directory.resolve("second"));
        executable(second.resolve("tool"));
        executable(first.resolve("tool"));

        Optional<Path> found = new ExecutableFinder(false).find("tool", path(first, second), null);

        assertEquals(Optional.of(first.resolve("tool")), found);
    }

    @Test
    void skipsFilesThatAreNotExecutableAndDirectories() throws IOException {
        assumeTrue(isPosix());
        Path first = Files.createDirectory(directory.resolve("first"));
        Path second = Files.createDirectory(directory.resolve("second"));
        Path third = Files.createDirectory(directory.resolve("third"));
        Files.writeString(first.resolve("tool"), "not executable");
        Files.createDirectory(second.resolve("tool"));
        executable(third.resolve("tool"));

        Optional<Path> found = new ExecutableFinder(false).find("tool", path(first, second, third), null);

        assertEquals(Optional.of(third.resolve("tool")), found);
    }

    @Test
    void findsNothingOnAnEmptyOrMissingPath() {
        ExecutableFinder finder = new ExecutableFinder(false);

        assertEquals(Optional.empty(), finder.find("sh", null, null));
        assertEquals(Optional.empty(), finder.find("sh", "", null));
        assertEquals(Optional.empty(), finder.find("sh", directory.toString(), null));
    }

    @Test
    void noticesAProgramRemovedAfterItWasFound() throws IOException {
        assumeTrue(isPosix());
        Path tool = executable(directory.resolve("tool"));
        ExecutableFinder finder = new ExecutableFinder(false);
        assertTrue(finder.find("tool", directory.toString(), null).isPresent());

        Files.delete(tool);

        assertEquals(Optional.empty(), finder.find("tool", directory.toString(), null));
    }

    @Test
    void triesEveryPathextExtensionOnWindows() throws IOException {
        // Windows file names ignore case; these tests may run on a file system that does not.
        Files.writeString(directory.resolve("py.exe"), "");
        Files.writeString(directory.resolve("npm.CMD"), "");
        ExecutableFinder finder = new ExecutableFinder(true);

        assertEquals(Optional.of(directory.resolve("py.exe")), finder.find("py", directory.toString(), ".com;.exe"));
        assertEquals(Optional.of(directory.resolve("npm.CMD")), finder.find("npm", directory.toString(), null));
        assertEquals(Optional.of(directory.resolve("py.exe")),
                finder.find("py.exe", "\"" + directory + "\"", ".COM;.EXE"));
        assertEquals(Optional.empty(), finder.find("npm", directory.toString(), ".exe"));
    }

    private static String path(Path... directories) {
        StringBuilder path = new StringBuilder();
        for (Path entry : directories) {
            path.append(path.isEmpty() ? "" : File.pathSeparator).append(entry);
        }
        return path.toString();
    }

    private static Path executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static boolean isPosix() {
        return !System.getProperty("os.name").startsWith("Windows");
    }
}
