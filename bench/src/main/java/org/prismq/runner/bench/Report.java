package org.prismq.runner.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints each figure as one line, {@code name: value unit (baseline: value unit, ratio x) PASS|FAIL|INFO target},
 * as soon as it is known, and a summary at the end. A figure with a target passes or fails; a correctness check
 * is a figure whose failure makes the whole benchmark fail.
 */
final class Report {

    /** What a figure is judged by. */
    enum Kind { TARGET, CHECK, INFO }

    record Figure(String name, double value, String unit, Double baseline, Kind kind, Boolean pass, String note) {
    }

    private final PrintStream out;
    private final List<Figure> figures = new ArrayList<>();

    Report(PrintStream out) {
        this.out = out;
    }

    void target(String name, double value, String unit, Double baseline, boolean pass, String target) {
        add(new Figure(name, value, unit, baseline, Kind.TARGET, pass, "target " + target));
    }

    void info(String name, double value, String unit, Double baseline, String note) {
        add(new Figure(name, value, unit, baseline, Kind.INFO, null, note));
    }

    /** A correctness check: {@code value} of {@code expected} counted, {@code problem} null when all is well. */
    void check(String name, double value, String unit, String problem) {
        add(new Figure(name, value, unit, null, Kind.CHECK, problem == null, problem == null ? "" : problem));
    }

    void note(String text) {
        out.println("  " + text);
        out.flush();
    }

    private void add(Figure figure) {
        figures.add(figure);
        out.println(format(figure));
        out.flush();
    }

    static String format(Figure figure) {
        StringBuilder line = new StringBuilder(figure.name()).append(": ")
                .append(number(figure.value(), figure.unit())).append(' ').append(figure.unit());
        if (figure.baseline() != null) {
            line.append(" (baseline: ").append(number(figure.baseline(), figure.unit())).append(' ')
                    .append(figure.unit());
            if (figure.baseline() != 0) {
                line.append(String.format(Locale.ROOT, ", ratio %.2fx", figure.value() / figure.baseline()));
            }
            line.append(')');
        }
        line.append(' ').append(switch (figure.kind()) {
            case INFO -> "INFO";
            case TARGET, CHECK -> figure.pass() ? "PASS" : "FAIL";
        });
        if (!figure.note().isEmpty()) {
            line.append(' ').append(figure.note());
        }
        return line.toString();
    }

    private static String number(double value, String unit) {
        if (unit.equals("ms") || unit.equals("%")) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (unit.equals("MB")) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    /** Prints the summary; true when every correctness check passed. */
    boolean summary(long elapsedSeconds) {
        long targets = figures.stream().filter(f -> f.kind() == Kind.TARGET).count();
        long targetsMet = figures.stream().filter(f -> f.kind() == Kind.TARGET && f.pass()).count();
        long checks = figures.stream().filter(f -> f.kind() == Kind.CHECK).count();
        long checksPassed = figures.stream().filter(f -> f.kind() == Kind.CHECK && f.pass()).count();
        out.println();
        out.printf(Locale.ROOT, "SUMMARY: targets met %d of %d; correctness checks passed %d of %d; %d s%n",
                targetsMet, targets, checksPassed, checks, elapsedSeconds);
        figures.stream().filter(f -> f.kind() != Kind.INFO && !f.pass())
                .forEach(f -> out.println("  not met: " + format(f)));
        out.flush();
        return checksPassed == checks;
    }
}
