package org.prismq.runner.application.port.out;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.prismq.runner.domain.log.LogEntry;
import org.prismq.runner.domain.log.LogLevel;
import org.prismq.runner.domain.log.LogSearch;
import org.prismq.runner.domain.log.LogStream;
import org.prismq.runner.domain.log.SearchPage;
import org.prismq.runner.domain.log.SearchTooSlowException;

/**
 * The state of one {@link LogSearch} request while a store walks the lines: the store offers each line in the
 * searched direction (or, within a block it reads forward, in any order, then {@linkplain #add adds} the matches
 * nearest to {@code from} first), stops when the page {@linkplain #isFull is full} or
 * {@linkplain #isOutOfTime out of time}, and calls {@link #page}. A scan that runs out of time answers the matches
 * found so far, with the seq it reached as {@code next_from}, so a long log is searched in several requests that
 * each hold a database connection for a bounded time; once it has a match, it answers sooner. Not thread-safe.
 */
public final class SearchScan {

    /** How long one request may scan before it answers what it found so far. */
    public static final Duration TIME_BUDGET = Duration.ofSeconds(5);
    /**
     * How long a request that has found a match goes on looking for more before it answers: a rare word's first
     * match reaches the reader without waiting for the whole log to be scanned for the rest of a page.
     */
    public static final Duration FIRST_ANSWER = Duration.ofMillis(500);

    private final LogSearch search;
    private final LineMatcher matcher;
    private final long start;
    private final long budget;
    private final List<LogEntry> found = new ArrayList<>();
    private long reached;

    public SearchScan(LogSearch search) {
        this(search, TIME_BUDGET);
    }

    public SearchScan(LogSearch search, Duration budget) {
        this.search = search;
        this.matcher = LineMatcher.of(search.pattern());
        this.start = System.nanoTime();
        this.budget = budget.toNanos();
        this.reached = search.from();
    }

    public LogSearch search() {
        return search;
    }

    /**
     * Whether the line matches the search: in range, level and stream, and its text holds the pattern. Records
     * the line as scanned.
     *
     * @throws SearchTooSlowException when the expression runs away on this line
     */
    public boolean test(long seq, LogLevel level, LogStream stream, String message) {
        if (!search.inRange(seq)) {
            return false;
        }
        passed(seq);
        if (!passesFilters(level, stream)) {
            return false;
        }
        try {
            return matcher.matches(message);
        } catch (SearchTooSlowException runaway) {
            throw new SearchTooSlowException(runaway.getMessage() + " (line " + seq + ")");
        }
    }

    /**
     * {@link #test(long, LogLevel, LogStream, String)} on a line's text as UTF-8 bytes, decoded only when the
     * bytes alone cannot tell: a store that keeps text as bytes skips decoding most lines.
     */
    public boolean test(long seq, LogLevel level, LogStream stream, byte[] utf8, int offset, int length) {
        if (!search.inRange(seq)) {
            return false;
        }
        if (!passesFilters(level, stream)) {
            passed(seq);
            return false;
        }
        int quick = matcher.matchesUtf8(utf8, offset, length);
        if (quick >= 0) {
            passed(seq);
            return quick == 1;
        }
        return test(seq, level, stream, new String(utf8, offset, length, StandardCharsets.UTF_8));
    }

    /**
     * Where, from {@code from} on, a line whose UTF-8 text is stored among other bytes in {@code bytes} might
     * match; {@code end} when none before it might. A store may skip, as scanned and not matching, every line
     * whose text lies wholly between {@code from} and the answer, without {@linkplain #test testing} it.
     */
    public int nextSuspect(byte[] bytes, int from, int end) {
        return matcher.nextSuspect(bytes, from, end);
    }

    private boolean passesFilters(LogLevel level, LogStream stream) {
        return (search.minLevel() == null || level.isAtLeast(search.minLevel()))
                && (search.stream() == null || stream == search.stream());
    }

    /** Whether {@code entry} matches: {@link #test} on its fields. */
    public boolean test(LogEntry entry) {
        return test(entry.seq(), entry.level(), entry.stream(), entry.message());
    }

    /** Records that every line up to {@code seq} (backward: down to it) was scanned. */
    public void passed(long seq) {
        reached = search.backward() ? Math.min(reached, seq) : Math.max(reached, seq);
    }

    /** Adds a match to the page; matches are added nearest to {@code from} first. */
    public void add(LogEntry match) {
        if (isFull()) {
            throw new IllegalStateException("the page already holds " + search.limit() + " matches");
        }
        found.add(match);
    }

    public boolean isFull() {
        return found.size() >= search.limit();
    }

    /** Whether the scan should answer now: after {@link #TIME_BUDGET}, or {@link #FIRST_ANSWER} once it found one. */
    public boolean isOutOfTime() {
        long elapsed = System.nanoTime() - start;
        return elapsed > budget || (!found.isEmpty() && elapsed > Math.min(budget, FIRST_ANSWER.toNanos()));
    }

    /**
     * The answer.
     *
     * @param reachedEnd whether the scan went through the last stored line in its direction
     */
    public SearchPage page(boolean reachedEnd) {
        List<LogEntry> matches = new ArrayList<>(found);
        matches.sort(Comparator.comparingLong(LogEntry::seq));
        Long nextFrom;
        if (isFull()) {
            nextFrom = found.getLast().seq();
        } else if (reachedEnd) {
            nextFrom = null;
        } else {
            nextFrom = reached;
        }
        Long total = nextFrom == null && search.fromAnEnd() ? (long) matches.size() : null;
        return new SearchPage(matches, nextFrom, total);
    }
}
