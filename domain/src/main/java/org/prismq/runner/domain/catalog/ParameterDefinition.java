package org.prismq.runner.domain.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * One parameter of a module, as the catalog declares it. The record checks that the declaration is coherent
 * (options for a select, {@code min <= max}, a valid pattern, a default that obeys its own rules) and throws an
 * {@link IllegalArgumentException} naming the parameter and the field otherwise.
 *
 * @param defaultValue a string, number or boolean; {@code null} or, for text and password, {@code ""} mean
 *                     "no default"
 * @param options      the allowed values of a select, empty for other types
 * @param min          lower bound of a number, or {@code null}
 * @param max          upper bound of a number, or {@code null}
 * @param validation   the pattern of a text or password, or {@code null}
 * @param conditionalDisplay when to show the parameter, or {@code null} for always
 * @param description  free text, may be {@code null} (as may {@code label}, {@code placeholder}, {@code warning})
 */
public record ParameterDefinition(
        String name,
        ParameterType type,
        Object defaultValue,
        boolean required,
        String description,
        String label,
        String placeholder,
        List<String> options,
        Double min,
        Double max,
        TextRule validation,
        ConditionalDisplay conditionalDisplay,
        String warning) {

    /** The text a client sends back in place of a saved password: "keep the saved value". */
    public static final String MASK = "********";

    public ParameterDefinition {
        if (name == null) {
            throw new IllegalArgumentException("parameter name is missing");
        }
        if (name.isBlank() || !name.strip().equals(name) || name.startsWith("-") || name.indexOf('=') >= 0
                || name.chars().anyMatch(Character::isISOControl)) {
            // '=' would split "--name=value"; a control character (NUL above all) cannot be passed at all.
            throw new IllegalArgumentException("parameter name '" + ParameterValues.printable(name)
                    + "' must be non-empty, without surrounding spaces, '=' or control characters, and not start"
                    + " with '-'");
        }
        if (type == null) {
            throw new IllegalArgumentException("parameter '" + name + "': type is missing");
        }
        options = options == null ? List.of() : List.copyOf(options);
        if (type == ParameterType.SELECT && options.isEmpty()) {
            throw new IllegalArgumentException("parameter '" + name + "': a select needs a non-empty options list");
        }
        for (String option : options) {
            String problem = argumentProblem(option);
            if (problem != null) {
                throw new IllegalArgumentException("parameter '" + name + "': option "
                        + ParameterValues.describe(option) + " " + problem);
            }
        }
        if (min != null && !Double.isFinite(min) || max != null && !Double.isFinite(max)) {
            throw new IllegalArgumentException("parameter '" + name + "': min and max must be finite numbers");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("parameter '" + name + "': min " + ParameterValues.formatNumber(min)
                    + " is above max " + ParameterValues.formatNumber(max));
        }
        if (validation != null && !type.isTextual()) {
            throw new IllegalArgumentException("parameter '" + name + "': validation.pattern applies only to "
                    + "text and password parameters, not " + type.wireName());
        }
        if (hasDefault(type, defaultValue)) {
            List<String> problems = problemsOf(name, type, options, min, max, validation, defaultValue);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("parameter '" + name + "': default "
                        + ParameterValues.describe(defaultValue) + " is invalid: " + String.join("; ", problems));
            }
        }
    }

    /** The default to use when no value is given, or {@code null} when there is none. */
    public Object effectiveDefault() {
        return hasDefault(type, defaultValue) ? defaultValue : null;
    }

    /** What is wrong with a given (non-empty) value, as messages without the parameter's name; empty if valid. */
    public List<String> problemsWith(Object value) {
        return problemsOf(name, type, options, min, max, validation, value);
    }

    /**
     * Why {@code value} cannot be passed to a module as an argument, or {@code null} when it can: no operating
     * system passes a NUL, and each value is kept to {@link ParameterValues#MAX_ARGUMENTS_LENGTH} characters.
     */
    private static String argumentProblem(String value) {
        if (value.length() > ParameterValues.MAX_ARGUMENTS_LENGTH) {
            return "is too long to pass as an argument: " + value.length() + " characters, at most "
                    + ParameterValues.MAX_ARGUMENTS_LENGTH + " are allowed";
        }
        if (value.indexOf('\0') >= 0) {
            return "must not contain a NUL character";
        }
        return null;
    }

    private static boolean hasDefault(ParameterType type, Object defaultValue) {
        return defaultValue != null && !(type.isTextual() && "".equals(defaultValue));
    }

    private static List<String> problemsOf(String name, ParameterType type, List<String> options, Double min,
            Double max, TextRule validation, Object value) {
        List<String> problems = new ArrayList<>(2);
        switch (type) {
            case TEXT, PASSWORD -> {
                if (!(value instanceof String text)) {
                    problems.add("must be a string, got " + ParameterValues.describe(value));
                } else if (argumentProblem(text) != null) {
                    problems.add(argumentProblem(text));
                } else if (validation != null && !validation.accepts(text)) {
                    problems.add(validation.message() != null ? validation.message()
                            : "does not match the pattern " + validation.pattern());
                }
            }
            case NUMBER -> {
                if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
                    problems.add("must be a number, got " + ParameterValues.describe(value));
                } else {
                    double figure = number.doubleValue();
                    if (min != null && figure < min) {
                        problems.add("must be at least " + ParameterValues.formatNumber(min) + ", got "
                                + ParameterValues.formatNumber(number));
                    }
                    if (max != null && figure > max) {
                        problems.add("must be at most " + ParameterValues.formatNumber(max) + ", got "
                                + ParameterValues.formatNumber(number));
                    }
                }
            }
            case SELECT -> {
                if (!(value instanceof String choice) || !options.contains(choice)) {
                    problems.add("must be one of " + options + ", got " + ParameterValues.describe(value));
                }
            }
            case CHECKBOX -> {
                if (!(value instanceof Boolean)) {
                    problems.add("must be true or false, got " + ParameterValues.describe(value));
                }
            }
        }
        return problems;
    }
}
