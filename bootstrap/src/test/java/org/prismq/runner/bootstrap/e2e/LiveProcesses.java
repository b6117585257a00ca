package org.prismq.runner.bootstrap.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the end-to-end tests ask of a module's processes by pid. */
final class LiveProcesses {

    private LiveProcesses() {
    }

    /**
     * Whether the process still runs. An orphan that was killed stays a zombie until the machine's init reaps it,
     * which some container inits do late; a zombie has exited and counts as gone.
     */
    static boolean alive(long pid) {
        boolean listed = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!listed || !Files.isReadable(stat)) {
            return listed;
        }
        try {
            String fields = Files.readString(stat);
            return fields.charAt(fields.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | IndexOutOfBoundsException vanished) {
            return false;
        }
    }
}
