package org.prismq.runner.bench;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's module: a small Java program that the service runs (and the baselines run without the
 * service), so that the generator itself is never the bottleneck. It writes to its standard output:
 * <ul>
 *   <li>{@code --mode flood --lines N}: N log-like lines of 74 bytes as fast as it can, through a 64 KiB buffer;
 *       line n (1-based) holds {@code n=<10 digits>}.</li>
 *   <li>{@code --mode ticker --lines N --interval_us U --start_file F --linger_ms L}: prints a first line
 *       ({@code n=1}), which lets readers know their stream is open, and waits for the file F to exist; then
 *       prints N more lines ({@code n=2} to {@code n=N+1}), the k-th at start + k x U microseconds, each flushed
 *       at once and carrying its print time as {@code T=<epoch microseconds>}; then waits L ms before it exits.</li>
 *   <li>{@code --mode idle --start_file F}: prints one line, then waits (up to an hour) for the file F to exist
 *       and exits.</li>
 * </ul>
 * Arguments that do not start with {@code --} are ignored: the service passes the catalog's script path (this
 * jar) first.
 */
public final class Generator {

    /** Room for one line; the lines are 74 bytes with their line feed. */
    static final int MAX_LINE_BYTES = 128;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final String[] LEVELS = {"INFO   ", "INFO   ", "INFO   ", "INFO   ", "INFO   ", "INFO   ",
        "INFO   ", "INFO   ", "INFO   ", "INFO   ", "INFO   ", "DEBUG  ", "DEBUG  ", "WARNING", "INFO   ", "ERROR  "};

    private Generator() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[++i]);
            }
        }
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        String mode = options.getOrDefault("mode", "flood");
        switch (mode) {
            case "flood" -> flood(out, Long.parseLong(options.getOrDefault("lines", "1000000")));
            case "ticker" -> ticker(out, Long.parseLong(options.getOrDefault("lines", "10000")),
                    Long.parseLong(options.getOrDefault("interval_us", "1000")), Path.of(options.get("start_file")),
                    Long.parseLong(options.getOrDefault("linger_ms", "0")));
            case "idle" -> idle(out, Path.of(options.get("start_file")));
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }

    /** Writes {@code lines} lines into {@code out} as fast as possible. */
    static void flood(OutputStream out, long lines) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        int used = 0;
        byte[] stamp = new byte[0];
        for (long n = 1; n <= lines; n++) {
            if ((n & 1023) == 1) {
                stamp = STAMP.format(Instant.now()).getBytes(StandardCharsets.US_ASCII);
            }
            if (used + MAX_LINE_BYTES > buffer.length) {
                out.write(buffer, 0, used);
                used = 0;
            }
            used = floodLine(buffer, used, stamp, n);
        }
        out.write(buffer, 0, used);
        out.flush();
    }

    /**
     * {@code 2026-01-31 12:00:00.000 INFO    [worker-3] processed item n=0000000042 ok}: 73 characters and a line
     * feed. Returns the new end of the buffer.
     */
    static int floodLine(byte[] buffer, int at, byte[] stamp, long n) {
        int i = at;
        System.arraycopy(stamp, 0, buffer, i, stamp.length);
        i += stamp.length;
        buffer[i++] = ' ';
        i = ascii(buffer, i, LEVELS[(int) (n & 15)]);
        i = ascii(buffer, i, " [worker-");
        buffer[i++] = (byte) ('0' + n % 8);
        i = ascii(buffer, i, "] processed item n=");
        i = digits(buffer, i, n, 10);
        i = ascii(buffer, i, " ok");
        buffer[i++] = '\n';
        return i;
    }

    private static void ticker(OutputStream out, long lines, long intervalMicros, Path startFile, long lingerMillis)
            throws IOException, InterruptedException {
        out.write("INFO ticker ready, waiting for its start n=0000000001\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        awaitFile(startFile, Long.MAX_VALUE);
        byte[] line = new byte[MAX_LINE_BYTES];
        long start = System.nanoTime();
        for (long n = 1; n <= lines; n++) {
            long due = start + n * intervalMicros * 1000;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            Instant now = Instant.now();
            long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
            out.write(line, 0, tickerLine(line, micros, n + 1));
            out.flush();
        }
        Thread.sleep(lingerMillis);
    }

    /** {@code T=<16 digits> INFO [ticker] n=<10 digits> live line padding..}: 73 characters and a line feed. */
    static int tickerLine(byte[] line, long epochMicros, long n) {
        int i = ascii(line, 0, "T=");
        i = digits(line, i, epochMicros, 16);
        i = ascii(line, i, " INFO [ticker] n=");
        i = digits(line, i, n, 10);
        i = ascii(line, i, " live line padding..........");
        line[i++] = '\n';
        return i;
    }

    private static void idle(OutputStream out, Path startFile) throws IOException, InterruptedException {
        out.write("idle module started, printing nothing more\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        awaitFile(startFile, System.nanoTime() + 3_600_000_000_000L);
    }

    private static void awaitFile(Path file, long deadlineNanos) throws InterruptedException {
        while (!Files.exists(file) && System.nanoTime() - deadlineNanos < 0) {
            Thread.sleep(2);
        }
    }

    private static int ascii(byte[] buffer, int at, String text) {
        for (int k = 0; k < text.length(); k++) {
            buffer[at + k] = (byte) text.charAt(k);
        }
        return at + text.length();
    }

    private static int digits(byte[] buffer, int at, long value, int width) {
        long rest = value;
        for (int k = width - 1; k >= 0; k--) {
            buffer[at + k] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return at + width;
    }
}
