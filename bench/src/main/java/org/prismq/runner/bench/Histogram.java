package org.prismq.runner.bench;

/**
 * Counts of delays in microseconds: exact below {@value #LINEAR} µs, then 64 buckets per power of two (within
 * 1.6 %). Small enough to keep one per reader (35 KiB) and merge them. Negative values count as 0. Not
 * thread-safe.
 */
final class Histogram {

    private static final int LINEAR = 1024;
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    private static final int LINEAR_BITS = 10;
    private static final int BUCKETS = LINEAR + (63 - LINEAR_BITS) * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    void record(long micros) {
        long value = Math.max(0, micros);
        counts[index(value)]++;
        total++;
        max = Math.max(max, value);
    }

    void add(Histogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The smallest bucket value that at least {@code percent} % of the values do not exceed; 0 when empty. */
    long percentile(double percent) {
        if (total == 0) {
            return 0;
        }
        long wanted = (long) Math.ceil(total * percent / 100.0);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, wanted)) {
                return Math.min(upperValue(i), max);
            }
        }
        return max;
    }

    static int index(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int sub = (int) ((value >>> (exponent - SUB_BITS)) & (SUB - 1));
        return LINEAR + (exponent - LINEAR_BITS) * SUB + sub;
    }

    /** The largest value that falls in bucket {@code index}. */
    static long upperValue(int index) {
        if (index < LINEAR) {
            return index;
        }
        int exponent = (index - LINEAR) / SUB + LINEAR_BITS;
        long sub = (index - LINEAR) % SUB;
        long low = (1L << exponent) + (sub << (exponent - SUB_BITS));
        return low + (1L << (exponent - SUB_BITS)) - 1;
    }
}
