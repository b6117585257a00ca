package org.prismq.runner.domain.run;

import java.util.Optional;

/**
 * How far a run has come, as the module reports it. Every field may be {@code null}: a module that reports
 * {@code 45%} gives a percent but no item counts.
 *
 * @param percent        0 to 100, or {@code null}
 * @param itemsProcessed items done so far, or {@code null}
 * @param itemsTotal     items to do in all, or {@code null}
 */
public record Progress(Double percent, Long itemsProcessed, Long itemsTotal) {

    /** No progress reported. */
    public static final Progress NONE = new Progress(null, null, null);

    private static final String MARKER = "::progress::";

    public Progress {
        if (percent != null && (percent.isNaN() || percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("progress percent must be within 0..100, was " + percent);
        }
        if (itemsProcessed != null && itemsProcessed < 0) {
            throw new IllegalArgumentException("items processed must not be negative, was " + itemsProcessed);
        }
        if (itemsTotal != null && itemsTotal < 0) {
            throw new IllegalArgumentException("items total must not be negative, was " + itemsTotal);
        }
    }

    /**
     * Reads a progress marker line: {@code ::progress::3/50} (items) or {@code ::progress::45%} (percent),
     * with optional surrounding white space. Anything else, including out-of-range figures, is no marker.
     */
    public static Optional<Progress> parseMarker(String line) {
        // Called for every captured line: reject ordinary lines by their first characters.
        int start = 0;
        while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
            start++;
        }
        if (!line.startsWith(MARKER, start)) {
            return Optional.empty();
        }
        String figure = line.substring(start + MARKER.length()).strip();
        try {
            if (figure.endsWith("%")) {
                double percent = Double.parseDouble(figure.substring(0, figure.length() - 1).strip());
                return percent >= 0 && percent <= 100
                        ? Optional.of(new Progress(percent, null, null))
                        : Optional.empty();
            }
            int slash = figure.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            long done = Long.parseLong(figure.substring(0, slash).strip());
            long total = Long.parseLong(figure.substring(slash + 1).strip());
            if (done < 0 || total < 0) {
                return Optional.empty();
            }
            Double percent = total == 0 ? null : Math.min(100.0, done * 100.0 / total);
            return Optional.of(new Progress(percent, done, total));
        } catch (NumberFormatException notAFigure) {
            return Optional.empty();
        }
    }
}
