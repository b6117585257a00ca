package org.prismq.runner.domain.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParameterValuesTest {

    private static final Map<String, Object> NONE = Map.of();

    // --- types ---------------------------------------------------------------------------------------------

    static Stream<Arguments> wronglyTypedValues() {
        return Stream.of(
                Arguments.of(Param.number("count"), "10", "must be a number, got '10'"),
                Arguments.of(Param.number("count"), true, "must be a number, got true"),
                Arguments.of(Param.select("mode", "fast", "slow"), "medium",
                        "must be one of [fast, slow], got 'medium'"),
                Arguments.of(Param.select("mode", "1", "2"), 1, "must be one of [1, 2], got 1"),
                Arguments.of(Param.checkbox("verbose"), "true", "must be true or false, got 'true'"),
                Arguments.of(Param.checkbox("verbose"), 1, "must be true or false, got 1"),
                Arguments.of(Param.text("title"), 5, "must be a string, got 5"),
                Arguments.of(Param.text("title"), false, "must be a string, got false"),
                Arguments.of(Param.password("token"), 12.5, "must be a string, got 12.5"));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("wronglyTypedValues")
    void aValueOfTheWrongTypeIsRefused(Param parameter, Object value, String message) {
        ModuleDefinition module = module(parameter.build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of(parameter.name, value), NONE));

        assertEquals(List.of(new ParameterError(parameter.name, message)), invalid.errors());
    }

    static Stream<Arguments> wellTypedValues() {
        return Stream.of(
                Arguments.of(Param.number("count"), 7),
                Arguments.of(Param.number("count"), 7L),
                Arguments.of(Param.number("count"), 7.25),
                Arguments.of(Param.select("mode", "fast", "slow"), "slow"),
                Arguments.of(Param.checkbox("verbose"), true),
                Arguments.of(Param.checkbox("verbose"), false),
                Arguments.of(Param.text("title"), "Hello"),
                Arguments.of(Param.password("token"), "s3cret"));
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @MethodSource("wellTypedValues")
    void aValueOfTheRightTypeIsKeptAsGiven(Param parameter, Object value) {
        ModuleDefinition module = module(parameter.build());

        ParameterValues values = ParameterValues.resolve(module, Map.of(parameter.name, value), NONE);

        assertEquals(Map.of(parameter.name, value), values.values());
    }

    // --- required, defaults, empty strings -----------------------------------------------------------------

    @Test
    void aRequiredParameterWithoutValueOrDefaultIsReported() {
        ModuleDefinition module = module(Param.text("title").required().build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, NONE, NONE));

        assertEquals(List.of(new ParameterError("title", "is required")), invalid.errors());
    }

    @Test
    void aRequiredParameterIsSatisfiedByItsDefault() {
        ModuleDefinition module = module(Param.select("mode", "a", "b").required().defaultValue("b").build());

        assertEquals(Map.of("mode", "b"), ParameterValues.resolve(module, NONE, NONE).values());
    }

    @Test
    void defaultsAreAppliedAndPassed() {
        ModuleDefinition module = module(Param.number("count").defaultValue(20).build(),
                Param.text("title").defaultValue("untitled").build(), Param.text("note").build());

        ParameterValues values = ParameterValues.resolve(module, NONE, NONE);

        assertEquals(Map.of("count", 20, "title", "untitled"), values.values());
        assertEquals(List.of("--count", "20", "--title", "untitled"), values.arguments());
    }

    @Test
    void aNullValueCountsAsNotGiven() {
        ModuleDefinition module = module(Param.number("count").defaultValue(3).build());
        Map<String, Object> given = new HashMap<>();
        given.put("count", null);

        assertEquals(Map.of("count", 3), ParameterValues.resolve(module, given, NONE).values());
    }

    @Test
    void anEmptyOptionalStringIsNotGivenSoNeitherValidatedNorPassed() {
        ModuleDefinition module = module(
                Param.text("url").pattern("^https://", "must start with https://").build(),
                Param.password("token").build());

        ParameterValues values = ParameterValues.resolve(module, Map.of("url", "", "token", ""), NONE);

        assertEquals(Map.of(), values.values());
        assertEquals(List.of(), values.arguments());
    }

    @Test
    void anEmptyStringFallsBackToTheDefault() {
        ModuleDefinition module = module(Param.text("title").defaultValue("untitled").build());

        assertEquals(Map.of("title", "untitled"), ParameterValues.resolve(module, Map.of("title", ""), NONE)
                .values());
    }

    @Test
    void anEmptyStringForARequiredTextIsMissing() {
        ModuleDefinition module = module(Param.text("title").required().build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of("title", ""), NONE));

        assertEquals(List.of(new ParameterError("title", "is required")), invalid.errors());
    }

    @Test
    void anEmptyStringDefaultIsNoDefault() {
        ParameterDefinition url = Param.text("url").defaultValue("").pattern("^https://", null).build();

        assertEquals(null, url.effectiveDefault());
        assertEquals(Map.of(), ParameterValues.resolve(module(url), NONE, NONE).values());
    }

    // --- bounds and patterns -------------------------------------------------------------------------------

    @Test
    void numbersOutsideMinAndMaxAreRefusedAndTheBoundsThemselvesAccepted() {
        ModuleDefinition module = module(Param.number("low").range(1.0, 100.0).build(),
                Param.number("high").range(1.0, 100.0).build(), Param.number("edge").range(1.0, 2.5).build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of("low", 0, "high", 100.5, "edge", 2.5), NONE));

        assertEquals(List.of(new ParameterError("low", "must be at least 1, got 0"),
                new ParameterError("high", "must be at most 100, got 100.5")), invalid.errors());
        assertEquals(Map.of("low", 1, "high", 100L), ParameterValues.resolve(module,
                Map.of("low", 1, "high", 100L), NONE).values());
    }

    @Test
    void aPatternMismatchReportsTheModulesOwnMessage() {
        ModuleDefinition module = module(Param.text("channel").pattern("^@\\w+$", "must be a handle").build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of("channel", "no handle"), NONE));

        assertEquals(List.of(new ParameterError("channel", "must be a handle")), invalid.errors());
    }

    @Test
    void aPatternMismatchWithoutMessageNamesThePattern() {
        ModuleDefinition module = module(Param.text("code").pattern("^[A-Z]{3}$", null).build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of("code", "abc"), NONE));

        assertEquals(List.of(new ParameterError("code", "does not match the pattern ^[A-Z]{3}$")),
                invalid.errors());
    }

    @Test
    void aPatternIsSearchedInTheValueNotMatchedAgainstAllOfIt() {
        ModuleDefinition module = module(Param.text("ref").pattern("[0-9]+", null).build());

        assertEquals(Map.of("ref", "abc-123-def"),
                ParameterValues.resolve(module, Map.of("ref", "abc-123-def"), NONE).values());
    }

    @Test
    void aPasswordIsValidatedAgainstItsPatternToo() {
        ModuleDefinition module = module(Param.password("key").pattern("^sk-", "must be an API key").build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of("key", "nope"), NONE));

        assertEquals(List.of(new ParameterError("key", "must be an API key")), invalid.errors());
    }

    // --- names ---------------------------------------------------------------------------------------------

    @Test
    void aNameTheModuleDoesNotDeclareIsRefused() {
        ModuleDefinition module = module(Param.text("title").build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of("title", "x", "--exec", "rm"), NONE));

        assertEquals(List.of(new ParameterError("--exec", "is not a parameter of module demo")), invalid.errors());
    }

    @Test
    void moreThanAHundredParametersAreRefusedAtOnce() {
        ModuleDefinition module = module(Param.text("title").build());
        Map<String, Object> given = new HashMap<>();
        for (int i = 0; i <= ModuleDefinition.MAX_PARAMETERS; i++) {
            given.put("p" + i, "x");
        }

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, given, NONE));

        assertEquals(List.of(new ParameterError("parameters", "at most 100 parameters are allowed, got 101")),
                invalid.errors());
    }

    // --- conditional display -------------------------------------------------------------------------------

    private static ModuleDefinition shortsLike() {
        return module(
                Param.select("mode", "trending", "channel").required().defaultValue("trending").build(),
                Param.text("channel_url").required().pattern("youtube\\.com/", "must be a channel URL")
                        .shownWhen("mode", "channel").build(),
                Param.number("max_results").range(1.0, 100.0).defaultValue(50).shownWhen("mode", "trending")
                        .build());
    }

    @Test
    void aHiddenParameterIsNeitherRequiredValidatedNorPassed() {
        ParameterValues values = ParameterValues.resolve(shortsLike(),
                Map.of("mode", "trending", "channel_url", "not a url"), NONE);

        assertEquals(Map.of("mode", "trending", "max_results", 50), values.values());
        assertEquals(List.of("--mode", "trending", "--max_results", "50"), values.arguments());
    }

    @Test
    void aShownParameterIsRequiredAndValidated() {
        InvalidParametersException missing = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(shortsLike(), Map.of("mode", "channel"), NONE));
        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(shortsLike(), Map.of("mode", "channel", "channel_url", "x"), NONE));

        assertEquals(List.of(new ParameterError("channel_url", "is required")), missing.errors());
        assertEquals(List.of(new ParameterError("channel_url", "must be a channel URL")), invalid.errors());
    }

    @Test
    void theControllingParametersDefaultDecidesWhatIsShown() {
        ParameterValues values = ParameterValues.resolve(shortsLike(), Map.of("max_results", 5), NONE);

        assertEquals(Map.of("mode", "trending", "max_results", 5), values.values());
    }

    @Test
    void aConditionOnANumberComparesByValue() {
        ModuleDefinition module = module(Param.number("level").build(),
                Param.text("detail").shownWhen("level", 2).build());

        assertEquals(Map.of("level", 2.0, "detail", "x"),
                ParameterValues.resolve(module, Map.of("level", 2.0, "detail", "x"), NONE).values());
        assertEquals(Map.of("level", 3),
                ParameterValues.resolve(module, Map.of("level", 3, "detail", "x"), NONE).values());
    }

    @Test
    void aConditionOnACheckboxFollowsItsValue() {
        ModuleDefinition module = module(Param.checkbox("advanced").defaultValue(false).build(),
                Param.number("threads").shownWhen("advanced", true).build());

        assertEquals(List.of(), ParameterValues.resolve(module, Map.of("threads", 4), NONE).arguments());
        assertEquals(List.of("--advanced", "--threads", "4"),
                ParameterValues.resolve(module, Map.of("advanced", true, "threads", 4), NONE).arguments());
    }

    // --- all errors at once --------------------------------------------------------------------------------

    @Test
    void everyErrorIsReportedAtOnceEachNamingItsParameter() {
        ModuleDefinition module = module(Param.text("title").required().build(),
                Param.number("count").range(1.0, 10.0).build(), Param.select("mode", "a", "b").build(),
                Param.checkbox("dry_run").build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, orderedMap("dry_run", "yes", "mode", "c", "count", 11,
                        "extra", 1), NONE));

        assertEquals(List.of(new ParameterError("extra", "is not a parameter of module demo"),
                new ParameterError("title", "is required"),
                new ParameterError("count", "must be at most 10, got 11"),
                new ParameterError("mode", "must be one of [a, b], got 'c'"),
                new ParameterError("dry_run", "must be true or false, got 'yes'")), invalid.errors());
        assertEquals("extra: is not a parameter of module demo; title: is required; count: must be at most 10, "
                + "got 11; mode: must be one of [a, b], got 'c'; dry_run: must be true or false, got 'yes'",
                invalid.getMessage());
    }

    // --- passwords -----------------------------------------------------------------------------------------

    @Test
    void thePasswordMaskKeepsTheSavedValue() {
        ModuleDefinition module = module(Param.password("token").required().build());

        ParameterValues values = ParameterValues.resolve(module, Map.of("token", ParameterDefinition.MASK),
                Map.of("token", "s3cret"));

        assertEquals(Map.of("token", "s3cret"), values.values());
        assertEquals(List.of("--token", "s3cret"), values.arguments());
        assertEquals(Map.of("token", ParameterDefinition.MASK), values.shown());
    }

    @Test
    void thePasswordMaskWithoutASavedValueIsNotGiven() {
        ModuleDefinition module = module(Param.password("token").required().build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of("token", ParameterDefinition.MASK), NONE));

        assertEquals(List.of(new ParameterError("token", "is required")), invalid.errors());
    }

    @Test
    void theMaskIsAnOrdinaryStringForATextParameter() {
        ModuleDefinition module = module(Param.text("title").build());

        assertEquals(Map.of("title", "********"), ParameterValues.resolve(module,
                Map.of("title", ParameterDefinition.MASK), Map.of("title", "saved")).values());
    }

    @Test
    void shownMasksPasswordsOnly() {
        ModuleDefinition module = module(Param.text("user").build(), Param.password("token").build());

        ParameterValues values = ParameterValues.resolve(module, Map.of("user", "ann", "token", "s3cret"), NONE);

        assertEquals(Map.of("user", "ann", "token", "********"), values.shown());
        assertEquals(Map.of("user", "ann", "token", "s3cret"), values.values());
    }

    // --- arguments -----------------------------------------------------------------------------------------

    @Test
    void argumentsFollowTheCatalogOrderNotTheRequestOrder() {
        ModuleDefinition module = module(Param.text("a").build(), Param.text("b").build(), Param.text("c").build());

        ParameterValues values = ParameterValues.resolve(module, orderedMap("c", "3", "a", "1", "b", "2"), NONE);

        assertEquals(List.of("--a", "1", "--b", "2", "--c", "3"), values.arguments());
        assertEquals(List.of("a", "b", "c"), List.copyOf(values.values().keySet()));
    }

    @Test
    void aCheckedCheckboxIsAFlagAloneAndAnUncheckedOneIsLeftOut() {
        ModuleDefinition module = module(Param.checkbox("verbose").build(), Param.checkbox("dry_run").build());

        ParameterValues values = ParameterValues.resolve(module, Map.of("verbose", true, "dry_run", false), NONE);

        assertEquals(List.of("--verbose"), values.arguments());
    }

    static Stream<Arguments> numbersAsArguments() {
        return Stream.of(
                Arguments.of(10, "10"),
                Arguments.of(10L, "10"),
                Arguments.of(10.0, "10"),
                Arguments.of(-3.0, "-3"),
                Arguments.of(2.5, "2.5"),
                Arguments.of(0.1, "0.1"),
                Arguments.of(1e20, "100000000000000000000"),
                Arguments.of(1e-7, "0.0000001"),
                Arguments.of(10_000_000_000L, "10000000000"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("numbersAsArguments")
    void numbersAreWrittenInTheirShortestPlainForm(Number number, String argument) {
        ModuleDefinition module = module(Param.number("n").build());

        List<String> expected = argument.startsWith("-") ? List.of("--n=" + argument) : List.of("--n", argument);
        assertEquals(expected, ParameterValues.resolve(module, Map.of("n", number), NONE).arguments());
    }

    @Test
    void shellMetacharactersArePassedLiterallyAsOneArgument() {
        ModuleDefinition module = module(Param.text("query").build(), Param.text("path").build());
        String injection = "; rm -rf / && echo $(whoami) `id` | cat > out *";

        ParameterValues values = ParameterValues.resolve(module,
                Map.of("query", injection, "path", "a b \"c\" 'd'"), NONE);

        assertEquals(List.of("--query", injection, "--path", "a b \"c\" 'd'"), values.arguments());
    }

    static Stream<Arguments> valuesThatLookLikeOptions() {
        return Stream.of(
                Arguments.of(Param.text("query"), "--count=999", "--query=--count=999"),
                Arguments.of(Param.text("query"), "-rf", "--query=-rf"),
                Arguments.of(Param.text("query"), "-", "--query=-"),
                Arguments.of(Param.password("token"), "-secret", "--token=-secret"),
                Arguments.of(Param.select("offset", "-1", "0"), "-1", "--offset=-1"),
                Arguments.of(Param.number("delta"), -5, "--delta=-5"),
                Arguments.of(Param.number("delta"), -2.5, "--delta=-2.5"));
    }

    @ParameterizedTest(name = "{0} = {1} is passed as {2}")
    @MethodSource("valuesThatLookLikeOptions")
    void aValueStartingWithADashIsJoinedToItsNameSoItCannotBeReadAsAnOption(Param parameter, Object value,
            String argument) {
        ModuleDefinition module = module(Param.text("before").build(), parameter.build());

        ParameterValues values = ParameterValues.resolve(module, orderedMap("before", "x", parameter.name, value),
                NONE);

        assertEquals(List.of("--before", "x", argument), values.arguments());
    }

    @Test
    void aValueWithADashInsideOrAtTheEndIsPassedAsUsual() {
        ModuleDefinition module = module(Param.text("range").build(), Param.number("n").build());

        ParameterValues values = ParameterValues.resolve(module, orderedMap("range", "a-b-", "n", 0), NONE);

        assertEquals(List.of("--range", "a-b-", "--n", "0"), values.arguments());
    }

    @Test
    void aValueHoldingANulIsRefusedNamingItsParameter() {
        ModuleDefinition module = module(Param.text("title").build(), Param.password("key").build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, orderedMap("title", "a\0b", "key", "\0"), NONE));

        assertEquals(List.of(new ParameterError("title", "must not contain a NUL character"),
                new ParameterError("key", "must not contain a NUL character")), invalid.errors());
    }

    @Test
    void aValueTooLongForAnArgumentIsRefusedNamingItsParameterBeforeItsPatternIsTried() {
        ModuleDefinition module = module(Param.text("story").pattern("^(a+)+$", null).build());
        String story = "a".repeat(ParameterValues.MAX_ARGUMENTS_LENGTH + 1);

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, Map.of("story", story), NONE));

        assertEquals(List.of(new ParameterError("story", "is too long to pass as an argument: 32001 characters, "
                + "at most 32000 are allowed")), invalid.errors());
    }

    @Test
    void valuesTooLongTogetherAreRefusedNamingTheLongest() {
        ModuleDefinition module = module(Param.text("a").build(), Param.text("b").build());
        String half = "x".repeat(ParameterValues.MAX_ARGUMENTS_LENGTH / 2);

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module, orderedMap("a", half, "b", half + "y"), NONE));

        assertEquals(List.of(new ParameterError("b", "makes the arguments too long to pass: together they hold "
                + "32011 characters, at most 32000 are allowed")), invalid.errors());
    }

    @Test
    void argumentsUpToTheLimitPass() {
        ModuleDefinition module = module(Param.text("a").build());
        // "--a" and the value, each with its separator.
        String value = "x".repeat(ParameterValues.MAX_ARGUMENTS_LENGTH - 5);

        assertEquals(List.of("--a", value), ParameterValues.resolve(module, Map.of("a", value), NONE).arguments());
    }

    @Test
    void aCatalogDefaultOrOptionThatCannotBePassedIsACatalogError() {
        IllegalArgumentException nulDefault = assertThrows(IllegalArgumentException.class,
                () -> Param.text("t").defaultValue("a\0").build());
        IllegalArgumentException nulOption = assertThrows(IllegalArgumentException.class,
                () -> Param.select("s", "ok", "b\0").build());

        assertEquals("parameter 't': default 'a\\0' is invalid: must not contain a NUL character",
                nulDefault.getMessage());
        assertEquals("parameter 's': option 'b\\0' must not contain a NUL character", nulOption.getMessage());
    }

    @ParameterizedTest(name = "the name {0} is refused")
    @ValueSource(strings = {"a=b", "a\0", "line\nbreak", "-x", " x", ""})
    void aParameterNameThatCannotBePassedAsAnOptionIsACatalogError(String name) {
        assertThrows(IllegalArgumentException.class, () -> Param.text(name).build());
    }

    @Test
    void theValuesCannotBeModified() {
        ParameterValues values = ParameterValues.resolve(module(Param.text("a").build()), Map.of("a", "1"), NONE);

        assertThrows(UnsupportedOperationException.class, () -> values.values().put("b", "2"));
        assertThrows(UnsupportedOperationException.class, () -> values.arguments().add("--b"));
    }

    // --- non-finite numbers --------------------------------------------------------------------------------

    @Test
    void aNonFiniteNumberIsAParameterErrorNotACrash() {
        ModuleDefinition module = module(Param.number("count").build(), Param.text("title").build());

        InvalidParametersException invalid = assertThrows(InvalidParametersException.class,
                () -> ParameterValues.resolve(module,
                        Map.of("count", Double.POSITIVE_INFINITY, "title", Double.NaN), NONE));

        assertEquals(List.of(new ParameterError("count", "must be a number, got Infinity"),
                new ParameterError("title", "must be a string, got NaN")), invalid.errors());
    }

    @Test
    void aHugeDecimalIsWrittenWithItsExponentInsteadOfABillionDigits() {
        assertEquals("1E+999999999", ParameterValues.formatNumber(new java.math.BigDecimal("1e999999999")));
        assertEquals("0.1", ParameterValues.formatNumber(0.1f));
    }

    // --- chained conditions --------------------------------------------------------------------------------

    @Test
    void aParameterWhoseControllingParameterIsHiddenIsHiddenToo() {
        ParameterDefinition a = Param.select("a", "x", "y").defaultValue("x").build();
        ParameterDefinition b = Param.select("b", "on", "off").defaultValue("on").shownWhen("a", "y").build();
        ParameterDefinition c = Param.text("c").required().shownWhen("b", "on").build();

        ParameterValues values = ParameterValues.resolve(module(a, b, c), Map.of(), NONE);

        assertEquals(List.of("--a", "x"), values.arguments());
    }

    @Test
    void aConditionNamingAValueItsFieldCanNeverHaveIsACatalogError() {
        ParameterDefinition mode = Param.select("mode", "keyword", "channel").defaultValue("keyword").build();
        ParameterDefinition url = Param.text("url").shownWhen("mode", "chanel").build();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> module(mode, url));
        assertTrue(error.getMessage().contains("conditional_display.value chanel"), error.getMessage());
    }

    @Test
    void conditionsThatFormACycleAreACatalogError() {
        ParameterDefinition a = Param.text("a").shownWhen("b", "1").build();
        ParameterDefinition b = Param.text("b").shownWhen("a", "1").build();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> module(a, b));
        assertTrue(error.getMessage().contains("cycle"), error.getMessage());
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static ModuleDefinition module(ParameterDefinition... parameters) {
        Path script = Path.of("modules", "demo.py").toAbsolutePath();
        return new ModuleDefinition(new ModuleId("demo"), "Demo", null, null, null, "modules/demo.py", script,
                script.getParent(), List.of(parameters), List.of(), ModuleStatus.ACTIVE, true, List.of(), null,
                Map.of());
    }

    private static Map<String, Object> orderedMap(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** Builds parameter declarations without spelling out all thirteen components each time. */
    static final class Param {

        private final String name;
        private final ParameterType type;
        private List<String> options = List.of();
        private Object defaultValue;
        private boolean required;
        private Double min;
        private Double max;
        private TextRule validation;
        private ConditionalDisplay condition;

        private Param(String name, ParameterType type) {
            this.name = name;
            this.type = type;
        }

        static Param text(String name) {
            return new Param(name, ParameterType.TEXT);
        }

        static Param password(String name) {
            return new Param(name, ParameterType.PASSWORD);
        }

        static Param number(String name) {
            return new Param(name, ParameterType.NUMBER);
        }

        static Param checkbox(String name) {
            return new Param(name, ParameterType.CHECKBOX);
        }

        static Param select(String name, String... options) {
            Param param = new Param(name, ParameterType.SELECT);
            param.options = List.of(options);
            return param;
        }

        Param required() {
            required = true;
            return this;
        }

        Param defaultValue(Object value) {
            defaultValue = value;
            return this;
        }

        Param range(Double low, Double high) {
            min = low;
            max = high;
            return this;
        }

        Param pattern(String pattern, String message) {
            validation = new TextRule(pattern, message);
            return this;
        }

        Param shownWhen(String field, Object value) {
            condition = new ConditionalDisplay(field, value);
            return this;
        }

        ParameterDefinition build() {
            return new ParameterDefinition(name, type, defaultValue, required, null, null, null, options, min, max,
                    validation, condition, null);
        }

        @Override
        public String toString() {
            return type.wireName() + " " + name;
        }
    }
}
