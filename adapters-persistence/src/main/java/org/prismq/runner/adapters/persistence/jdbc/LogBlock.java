package org.prismq.runner.adapters.persistence.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogStream;

/**
 * Consecutive lines of one run packed into one value of the {@code log_blocks} table, so that storing a line
 * costs a few byte copies instead of a row. Each line in a block is, in order:
 * <ol>
 *   <li>its timestamp in microseconds minus the previous line's (the first: minus 0), zigzag varint;</li>
 *   <li>one byte: the stream (bit 3) and the level's index (bits 0-2, {@link #levelIndex});</li>
 *   <li>the length of its UTF-8 text, varint, then the text.</li>
 * </ol>
 * The seq is not stored: the lines of a block are {@code first_seq}, {@code first_seq + 1}, ... A block holds at
 * most {@value #MAX_LINES} lines and is closed once it passes {@value #MAX_BYTES} bytes, so reading one line
 * decodes at most that much. Both databases keep log lines in this format.
 */
public final class LogBlock {

    public static final int MAX_LINES = 4096;
    public static final int MAX_BYTES = 256 * 1024;
    public static final String INSERT = "INSERT INTO log_blocks (run_pk, first_seq, last_seq, min_ts, max_ts, levels, lines) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** One block, ready to insert. {@code levels} has bit {@link #levelIndex} set for each level it holds. */
    public record Packed(long firstSeq, long lastSeq, long minMicros, long maxMicros, int levels, byte[] lines) {
    }

    private LogBlock() {
    }

    /**
     * Packs {@code entries} into blocks.
     *
     * @throws IllegalStateException when the seqs are not consecutive
     */
    public static List<Packed> pack(List<LogEntry> entries) {
        return pack(entries, null);
    }

    /**
     * Packs {@code entries} into blocks, taking each message's UTF-8 bytes from {@code utf8} (one array a line, in
     * order) when it is not {@code null}, so that a captured line is not encoded a second time.
     *
     * @throws IllegalStateException    when the seqs are not consecutive
     * @throws IllegalArgumentException when {@code utf8} does not hold one array a line
     */
    public static List<Packed> pack(List<LogEntry> entries, List<byte[]> utf8) {
        int count = entries.size();
        if (utf8 != null && utf8.size() != count) {
            throw new IllegalArgumentException(utf8.size() + " encoded messages for " + count + " lines");
        }
        List<Packed> blocks = new ArrayList<>(count / MAX_LINES + 1);
        int room = Math.min(count, MAX_LINES);
        byte[][] texts = new byte[room][];
        long[] times = new long[room];
        byte[] flags = new byte[room];
        int start = 0;
        while (start < count) {
            // The block's lines (text, time, stream and level) and its exact size first, so that its bytes are
            // written once, into an array that is the value inserted: no buffer to grow, no copy of it cut to size.
            long first = entries.get(start).seq();
            long previousMicros = 0;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            int levels = 0;
            int size = 0;
            int lines = 0;
            while (start + lines < count && lines < MAX_LINES && size < MAX_BYTES) {
                LogEntry entry = entries.get(start + lines);
                if (entry.seq() != first + lines) {
                    throw new IllegalStateException("the seqs of a batch must be consecutive: " + entry.seq()
                            + " follows " + (first + lines - 1));
                }
                long micros = Micros.of(entry.timestamp());
                byte[] text = utf8 != null ? utf8.get(start + lines)
                        : entry.message().getBytes(StandardCharsets.UTF_8);
                size += varintSize(zigzag(micros - previousMicros)) + 1 + varintSize(text.length) + text.length;
                previousMicros = micros;
                min = Math.min(min, micros);
                max = Math.max(max, micros);
                int level = levelIndex(entry.level());
                levels |= 1 << level;
                texts[lines] = text;
                times[lines] = micros;
                flags[lines] = (byte) ((entry.stream() == LogStream.STDERR ? 8 : 0) | level);
                lines++;
            }
            byte[] block = new byte[size];
            int at = 0;
            previousMicros = 0;
            for (int k = 0; k < lines; k++) {
                at = putVarint(block, at, zigzag(times[k] - previousMicros));
                previousMicros = times[k];
                block[at++] = flags[k];
                at = putVarint(block, at, texts[k].length);
                System.arraycopy(texts[k], 0, block, at, texts[k].length);
                at += texts[k].length;
                texts[k] = null;
            }
            blocks.add(new Packed(first, first + lines - 1, min, max, levels, block));
            start += lines;
        }
        return blocks;
    }

    /** The bytes of {@code value} as a varint. */
    private static int varintSize(long value) {
        return value == 0 ? 1 : (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7;
    }

    /** Writes {@code value} as a varint at {@code at}; returns the position after it. */
    private static int putVarint(byte[] into, int at, long value) {
        int position = at;
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            into[position++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        into[position++] = (byte) rest;
        return position;
    }

    /** Sets the parameters of {@link #INSERT} to {@code block} of the run with key {@code runKey}. */
    public static void bind(PreparedStatement insert, long runKey, Packed block) throws SQLException {
        insert.setLong(1, runKey);
        insert.setLong(2, block.firstSeq());
        insert.setLong(3, block.lastSeq());
        insert.setLong(4, block.minMicros());
        insert.setLong(5, block.maxMicros());
        insert.setInt(6, block.levels());
        insert.setBytes(7, block.lines());
    }

    /** The bits of {@code levels} for every level at least as severe as {@code minimum}. */
    public static int atLeast(LogLevel minimum) {
        int mask = 0;
        for (LogLevel level : LogLevel.values()) {
            if (levelIndex(level) >= levelIndex(minimum)) {
                mask |= 1 << levelIndex(level);
            }
        }
        return mask;
    }

    /** Ordered by severity, so that a minimum level is a range of indexes. */
    public static int levelIndex(LogLevel level) {
        return switch (level) {
            case DEBUG -> 0;
            case INFO -> 1;
            case WARNING -> 2;
            case ERROR -> 3;
            case CRITICAL -> 4;
        };
    }

    private static LogLevel level(int index) {
        return switch (index) {
            case 0 -> LogLevel.DEBUG;
            case 1 -> LogLevel.INFO;
            case 2 -> LogLevel.WARNING;
            case 3 -> LogLevel.ERROR;
            case 4 -> LogLevel.CRITICAL;
            default -> throw new StorageException("unknown level index " + index + " in a log block");
        };
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /**
     * Walks the lines of one block; the text of a line is decoded only when asked for, so skipping lines is cheap.
     * Not thread-safe.
     */
    public static final class Reader {

        private final long firstSeq;
        private final byte[] data;
        private int position;
        private long seq;
        private long micros;
        private int flags;
        private int textStart;
        private int textLength;

        public Reader(long firstSeq, byte[] data) {
            this.firstSeq = firstSeq;
            this.data = data;
            this.seq = firstSeq - 1;
        }

        /** The seq of the block's first line. */
        public long firstSeq() {
            return firstSeq;
        }

        /** Moves to the next line; false at the end of the block. */
        public boolean next() {
            if (position >= data.length) {
                return false;
            }
            micros += unzigzag(varint());
            flags = data[position++];
            textLength = (int) varint();
            textStart = position;
            position += textLength;
            if (position > data.length || textLength < 0) {
                throw new StorageException("a log block of " + data.length + " bytes is cut short");
            }
            seq++;
            return true;
        }

        public long seq() {
            return seq;
        }

        public long micros() {
            return micros;
        }

        public int levelIndex() {
            return flags & 7;
        }

        public LogLevel level() {
            return LogBlock.level(flags & 7);
        }

        public LogStream stream() {
            return (flags & 8) != 0 ? LogStream.STDERR : LogStream.STDOUT;
        }

        /** The block's bytes: the current line's UTF-8 text is {@link #textLength} bytes from {@link #textStart}. */
        public byte[] data() {
            return data;
        }

        public int textStart() {
            return textStart;
        }

        public int textLength() {
            return textLength;
        }

        public String message() {
            return new String(data, textStart, textLength, StandardCharsets.UTF_8);
        }

        public LogEntry entry() {
            return entry(message());
        }

        /** The current line, with its text already decoded as {@code message}. */
        public LogEntry entry(String message) {
            return new LogEntry(seq, Micros.toInstant(micros), level(), stream(), message);
        }

        private long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= data.length) {
                    throw new StorageException("a log block of " + data.length + " bytes is cut short");
                }
                byte b = data[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new StorageException("a varint in a log block is too long");
        }
    }
}
