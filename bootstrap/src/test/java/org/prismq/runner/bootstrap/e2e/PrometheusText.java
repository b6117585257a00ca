package org.prismq.runner.bootstrap.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a {@code # HELP}, a
 * {@code # TYPE} or a sample {@code name{label="value",...} value}; each family is declared once, its TYPE before
 * its samples, and each sample belongs to the family declared last (a histogram's {@code _bucket}, {@code _sum}
 * and {@code _count}, a summary's {@code _sum} and {@code _count}). Anything else fails the test. The Prometheus
 * Java client writes this format but has no reader for it.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile(
            "# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern VALUE = Pattern.compile("[+-]?Inf|NaN|[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** One metric family: its type, help and samples. */
    record Family(String name, String type, String help, List<Sample> samples) {
    }

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    /** The families of {@code text}, by name, in order. */
    static Map<String, Family> parse(String text) {
        if (!text.endsWith("\n")) {
            throw new AssertionError("the exposition does not end with a line end");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Family current = null;
        for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
            Matcher help = HELP.matcher(line);
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (help.matches()) {
                if (helps.put(help.group(1), help.group(2)) != null) {
                    throw new AssertionError("HELP given twice for " + help.group(1));
                }
            } else if (type.matches()) {
                String name = type.group(1);
                if (families.containsKey(name)) {
                    throw new AssertionError("family declared twice: " + name);
                }
                current = new Family(name, type.group(2), helps.get(name), new ArrayList<>());
                families.put(name, current);
            } else if (sample.matches()) {
                if (current == null || !belongs(sample.group(1), current)) {
                    throw new AssertionError("sample outside its family: " + line);
                }
                current.samples().add(new Sample(sample.group(1), labels(sample.group(3), line),
                        value(sample.group(4), line)));
            } else {
                throw new AssertionError("not a line of the text format: '" + line + "'");
            }
        }
        for (String name : helps.keySet()) {
            if (!families.containsKey(name)) {
                throw new AssertionError("HELP without TYPE: " + name);
            }
        }
        return families;
    }

    private static boolean belongs(String sample, Family family) {
        String name = family.name();
        return switch (family.type()) {
            case "histogram" -> Set.of(name + "_bucket", name + "_sum", name + "_count").contains(sample);
            case "summary" -> Set.of(name, name + "_sum", name + "_count").contains(sample);
            default -> sample.equals(name);
        };
    }

    private static Map<String, String> labels(String text, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!label.find(at) || label.start() != at) {
                throw new AssertionError("malformed labels in: " + line);
            }
            if (labels.put(label.group(1), label.group(2)) != null) {
                throw new AssertionError("label given twice in: " + line);
            }
            at = label.end();
            if (at < text.length()) {
                if (text.charAt(at) != ',') {
                    throw new AssertionError("malformed labels in: " + line);
                }
                at++;
            }
        }
        return labels;
    }

    private static double value(String text, String line) {
        if (!VALUE.matcher(text).matches()) {
            throw new AssertionError("not a sample value in: " + line);
        }
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
