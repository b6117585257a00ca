package org.prismq.runner.domain.catalog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated parameter values of one launch or saved configuration: only the parameters that are shown (see
 * {@link ConditionalDisplay}) and have a value, in the catalog's order, defaults applied. Immutable.
 */
public final class ParameterValues {

    /**
     * The most characters that the arguments of one launch may hold together, each counted with one separator;
     * so also the longest value. Below Windows' 32,767-character command line (which must also hold the
     * interpreter and the script) and Linux's 128 KiB for one argument, so a launch that validates can start on
     * every platform.
     */
    public static final int MAX_ARGUMENTS_LENGTH = 32_000;

    /** Beyond this many digits of exponent a number is written in scientific notation. */
    private static final int MAX_PLAIN_DIGITS = 30;
    /** How much of a value an error message quotes. */
    private static final int MAX_QUOTED = 60;

    private final ModuleDefinition module;
    private final Map<String, Object> values;

    private ParameterValues(ModuleDefinition module, Map<String, Object> values) {
        this.module = module;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Validates {@code given} against the module's declarations and applies defaults.
     *
     * @param given the values a client sent (name to string, number or boolean); {@code null} values and empty
     *              strings for text and password parameters count as not given
     * @param saved the module's saved values, used where a password arrives as {@link ParameterDefinition#MASK}
     * @throws InvalidParametersException with every error found, each naming its parameter
     */
    public static ParameterValues resolve(ModuleDefinition module, Map<String, ?> given, Map<String, ?> saved) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(given, "given");
        Objects.requireNonNull(saved, "saved");
        List<ParameterError> errors = new ArrayList<>();
        if (given.size() > ModuleDefinition.MAX_PARAMETERS) {
            errors.add(new ParameterError("parameters", "at most " + ModuleDefinition.MAX_PARAMETERS
                    + " parameters are allowed, got " + given.size()));
            throw new InvalidParametersException(errors);
        }
        for (String name : given.keySet()) {
            if (module.parameter(name).isEmpty()) {
                errors.add(new ParameterError(name, "is not a parameter of module " + module.id()));
            }
        }
        Map<String, Object> candidates = new LinkedHashMap<>();
        for (ParameterDefinition parameter : module.parameters()) {
            Object value = candidate(parameter, given, saved);
            if (value != null) {
                candidates.put(parameter.name(), value);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterDefinition parameter : module.parameters()) {
            if (!isShown(module, parameter, candidates)) {
                continue;
            }
            Object value = candidates.get(parameter.name());
            if (value == null) {
                if (parameter.required()) {
                    errors.add(new ParameterError(parameter.name(), "is required"));
                }
                continue;
            }
            List<String> problems = parameter.problemsWith(value);
            problems.forEach(problem -> errors.add(new ParameterError(parameter.name(), problem)));
            if (problems.isEmpty()) {
                values.put(parameter.name(), value);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidParametersException(errors);
        }
        ParameterValues resolved = new ParameterValues(module, values);
        resolved.requireArgumentsFit();
        return resolved;
    }

    private void requireArgumentsFit() {
        int length = arguments().stream().mapToInt(argument -> argument.length() + 1).sum();
        if (length <= MAX_ARGUMENTS_LENGTH) {
            return;
        }
        String longest = values.keySet().stream()
                .max(Comparator.comparingInt(name -> String.valueOf(values.get(name)).length()))
                .orElseThrow();
        throw new InvalidParametersException(List.of(new ParameterError(longest, "makes the arguments too long to "
                + "pass: together they hold " + length + " characters, at most " + MAX_ARGUMENTS_LENGTH
                + " are allowed")));
    }

    /** The values, in catalog order; secrets unmasked. */
    public Map<String, Object> values() {
        return values;
    }

    /** The values as they may be shown: every password replaced by {@link ParameterDefinition#MASK}. */
    public Map<String, Object> shown() {
        return masked(module, values);
    }

    /**
     * The module's arguments: {@code --name value} pairs in catalog order; a checked checkbox is {@code --name}
     * alone and an unchecked one is left out; numbers as {@link #formatNumber(Number)} writes them. A value that
     * starts with {@code -} ({@code --count=999}, {@code -rf}, {@code -5}) is passed as the one argument
     * {@code --name=value}, so that the module's argument parser cannot take it for an option of its own.
     */
    public List<String> arguments() {
        List<String> arguments = new ArrayList<>(values.size() * 2);
        values.forEach((name, value) -> {
            if (value instanceof Boolean checked) {
                if (checked) {
                    arguments.add("--" + name);
                }
                return;
            }
            String text = value instanceof Number number ? formatNumber(number) : value.toString();
            if (text.startsWith("-")) {
                arguments.add("--" + name + "=" + text);
            } else {
                arguments.add("--" + name);
                arguments.add(text);
            }
        });
        return List.copyOf(arguments);
    }

    /** {@code values} with every password parameter's value replaced by {@link ParameterDefinition#MASK}. */
    public static Map<String, Object> masked(ModuleDefinition module, Map<String, ?> values) {
        Map<String, Object> shown = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            boolean secret = module.parameter(name).map(p -> p.type() == ParameterType.PASSWORD).orElse(false);
            shown.put(name, secret && value != null ? ParameterDefinition.MASK : value);
        });
        return Collections.unmodifiableMap(shown);
    }

    /** A whole number without a fraction ({@code 10}), any other number in its shortest plain form ({@code 2.5}). */
    public static String formatNumber(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger) {
            return number.toString();
        }
        if (!(number instanceof BigDecimal) && !Double.isFinite(number.doubleValue())) {
            return Double.toString(number.doubleValue());
        }
        BigDecimal decimal = switch (number) {
            case BigDecimal exact -> exact;
            case Float single -> new BigDecimal(Float.toString(single));
            default -> BigDecimal.valueOf(number.doubleValue());
        };
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (Math.abs((long) stripped.scale()) > MAX_PLAIN_DIGITS) {
            // 1e999999999 written out would be a billion digits: keep the exponent.
            return stripped.toString();
        }
        return stripped.scale() < 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
    }

    /** Whether two parameter values are the same, comparing numbers by value and everything else as text. */
    static boolean sameValue(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number a && actual instanceof Number b) {
            if (!Double.isFinite(a.doubleValue()) || !Double.isFinite(b.doubleValue())) {
                return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
            }
            return asDecimal(a).compareTo(asDecimal(b)) == 0;
        }
        return expected.toString().equals(actual.toString());
    }

    private static BigDecimal asDecimal(Number number) {
        return switch (number) {
            case BigDecimal exact -> exact;
            case BigInteger whole -> new BigDecimal(whole);
            case Integer i -> BigDecimal.valueOf(i);
            case Long l -> BigDecimal.valueOf(l);
            case Short s -> BigDecimal.valueOf(s);
            case Byte b -> BigDecimal.valueOf(b);
            case Float f -> new BigDecimal(Float.toString(f));
            default -> BigDecimal.valueOf(number.doubleValue());
        };
    }

    /** {@code text} fit to quote in a message: control characters escaped, cut after a few dozen characters. */
    static String printable(String text) {
        StringBuilder printable = new StringBuilder();
        text.codePoints().limit(MAX_QUOTED).forEach(c -> {
            if (Character.isISOControl(c)) {
                printable.append(c == 0 ? "\\0" : String.format("\\u%04x", c));
            } else {
                printable.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > MAX_QUOTED ? printable + "..." : printable.toString();
    }

    /** A value as an error message quotes it: strings in quotes, anything else as it prints. */
    static String describe(Object value) {
        if (value instanceof String text) {
            return "'" + printable(text) + "'";
        }
        return value == null ? "null" : value instanceof Number number ? formatNumber(number) : value.toString();
    }

    private static Object candidate(ParameterDefinition parameter, Map<String, ?> given, Map<String, ?> saved) {
        Object value = given.get(parameter.name());
        if (parameter.type() == ParameterType.PASSWORD && ParameterDefinition.MASK.equals(value)) {
            value = saved.get(parameter.name());
        }
        if (value == null || parameter.type().isTextual() && "".equals(value)) {
            return parameter.effectiveDefault();
        }
        return value;
    }

    /**
     * A parameter is shown when it has no condition, or its controlling parameter is shown and has the value
     * the condition names. {@link ModuleDefinition} guarantees the conditions form no cycle.
     */
    private static boolean isShown(ModuleDefinition module, ParameterDefinition parameter,
            Map<String, Object> candidates) {
        ConditionalDisplay condition = parameter.conditionalDisplay();
        if (condition == null) {
            return true;
        }
        ParameterDefinition controlling = module.parameter(condition.field()).orElseThrow();
        return isShown(module, controlling, candidates) && condition.isShownFor(candidates.get(condition.field()));
    }
}
