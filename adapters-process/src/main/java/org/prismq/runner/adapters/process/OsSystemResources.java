package org.prismq.runner.adapters.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import org.prismq.runner.application.port.out.ResourceSnapshot;
import org.prismq.runner.application.port.out.SystemResources;

/**
 * Reads the host's resources from the operating system.
 * <ul>
 *   <li>Memory: on Linux {@code MemTotal} and {@code MemAvailable} of {@code /proc/meminfo}, since the page cache,
 *       which the kernel gives back on demand, counts as available there but not in the JVM's free memory;
 *       elsewhere, or when that file cannot be read, {@link com.sun.management.OperatingSystemMXBean}. Inside a
 *       memory-limited Linux container {@code /proc/meminfo} may show the host's figures.</li>
 *   <li>CPU: {@link com.sun.management.OperatingSystemMXBean#getCpuLoad()}, read at most once a second because
 *       each reading covers the time since the previous one; negative when unknown.</li>
 *   <li>Disk: usable space of the file store holding the data directory (or its nearest existing parent);
 *       negative when unknown.</li>
 * </ul>
 * Each snapshot reads one small file and asks the file system once: cheap enough before every launch.
 * Thread-safe.
 */
public final class OsSystemResources implements SystemResources {

    private static final System.Logger LOG = System.getLogger(OsSystemResources.class.getName());
    private static final Path MEMINFO = Path.of("/proc", "meminfo");

    private final Path dataDirectory;
    private final com.sun.management.OperatingSystemMXBean os;
    private final CpuLoadSampler cpu;

    /**
     * Reads resources for a service that keeps its data in {@code dataDirectory}, which need not exist yet.
     *
     * @param dataDirectory where the service keeps its data
     */
    public OsSystemResources(Path dataDirectory) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath();
        this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean
                bean ? bean : null;
        this.cpu = new CpuLoadSampler(os == null ? () -> -1.0 : os::getCpuLoad, System::nanoTime,
                Duration.ofSeconds(1));
    }

    @Override
    public ResourceSnapshot snapshot() {
        Memory memory = memory();
        return new ResourceSnapshot(memory.free(), memory.total(), cpu.percent(), diskFree());
    }

    private record Memory(long free, long total) {

        Memory {
            total = Math.max(0, total);
            free = Math.clamp(free, 0, total);
        }
    }

    /** Zeros when the JVM cannot tell. */
    private Memory memory() {
        if (Platform.LINUX) {
            Memory meminfo = readMeminfo();
            if (meminfo != null) {
                return meminfo;
            }
        }
        return os == null ? new Memory(0, 0) : new Memory(os.getFreeMemorySize(), os.getTotalMemorySize());
    }

    private Memory readMeminfo() {
        try {
            List<String> lines = Files.readAllLines(MEMINFO, StandardCharsets.US_ASCII);
            OptionalLong total = kibibytes(lines, "MemTotal:");
            OptionalLong available = kibibytes(lines, "MemAvailable:");
            if (total.isEmpty() || available.isEmpty()) {
                return null;
            }
            return new Memory(available.getAsLong(), total.getAsLong());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot read {0}: {1}", MEMINFO, e.toString());
            return null;
        }
    }

    /** A {@code /proc/meminfo} figure ({@code "MemTotal:  16316412 kB"}) in bytes. */
    private static OptionalLong kibibytes(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }

    private long diskFree() {
        Path existing = dataDirectory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return -1;
        }
        try {
            return Files.getFileStore(existing).getUsableSpace();
        } catch (IOException | SecurityException e) {
            LOG.log(Level.DEBUG, "cannot read free space of {0}: {1}", existing, e.toString());
            return -1;
        }
    }
}
