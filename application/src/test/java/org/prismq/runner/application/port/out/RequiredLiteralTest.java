package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class RequiredLiteralTest {

    @Test
    void findsTheLongestRunOfPlainCharactersOutsideGroupsClassesAndQuantifiers() {
        assertEquals(new RequiredLiteral(List.of("worker-9] p"), true), RequiredLiteral.of("worker-9\\] p"));
        assertEquals(new RequiredLiteral(List.of("timeout", "ERROR"), false), RequiredLiteral.of("ERROR.*timeout"));
        assertEquals(new RequiredLiteral(List.of(" failed"), false), RequiredLiteral.of("[0-9]+ failed"));
        assertEquals(new RequiredLiteral(List.of("abc"), false), RequiredLiteral.of("x?abcd*"));
        assertEquals(new RequiredLiteral(List.of("ab", "c"), false), RequiredLiteral.of("ab+c"));
        assertEquals(new RequiredLiteral(List.of("worker-", "] x"), false), RequiredLiteral.of("worker-\\d\\] x+"));
        assertEquals(new RequiredLiteral(List.of(" done"), false), RequiredLiteral.of("(step [0-9]+){2} done"));
        assertEquals(new RequiredLiteral(List.of("tail"), false), RequiredLiteral.of("[)abcdefg(]tail"));
        assertEquals(new RequiredLiteral(List.of("x"), false), RequiredLiteral.of("^x$"));
        assertEquals(new RequiredLiteral(List.of("a.b"), true), RequiredLiteral.of("a\\.b"));
    }

    @Test
    void givesNoneWhenTheExpressionCouldMatchWithoutIt() {
        assertNull(RequiredLiteral.of("error|warning"));
        assertNull(RequiredLiteral.of("(in|side)?after"), "an alternative anywhere: none");
        assertNull(RequiredLiteral.of("(?-i)Error"));
        assertNull(RequiredLiteral.of("(?!error)."));
        assertNull(RequiredLiteral.of("\\Qa.b\\E"));
        assertNull(RequiredLiteral.of("\\p{Lu}x"));
        assertNull(RequiredLiteral.of("\\x{41}"));
        assertNull(RequiredLiteral.of("(a)\\12"));
        assertNull(RequiredLiteral.of("\ud83d\ude00?"));
        assertNull(RequiredLiteral.of("a?"));
        assertNull(RequiredLiteral.of(".*"));
    }

    /** Every line an expression finds holds its literal, the same way a substring search folds case. */
    @Test
    void aLineWithoutTheLiteralNeverMatches() {
        List<String> atoms = List.of("a", "b", "K", "s", "\\.", ".", "[ab]", "[^a]", "(ab)", "(a[)]b)", "\\d",
                "\\s", "x", "\\b", "^", "$", "\\]", "-");
        List<String> quantifiers = List.of("", "", "", "?", "*", "+", "{2}", "{0,2}", "+?", "*+");
        Random random = new Random(18);
        for (int round = 0; round < 3_000; round++) {
            StringBuilder expression = new StringBuilder();
            for (int i = random.nextInt(6) + 1; i > 0; i--) {
                expression.append(atoms.get(random.nextInt(atoms.size())))
                        .append(quantifiers.get(random.nextInt(quantifiers.size())));
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(expression.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            } catch (RuntimeException invalid) {
                continue;
            }
            RequiredLiteral literal = RequiredLiteral.of(expression.toString());
            if (literal == null) {
                continue;
            }
            for (String text : literal.texts()) {
                LineMatcher substring = new LineMatcher.SubstringMatcher(text, false);
                for (int j = 0; j < 50; j++) {
                    String line = randomLine(random);
                    boolean regexFinds = pattern.matcher(line).find();
                    if (regexFinds) {
                        assertTrue(substring.matches(line), expression + " found in " + line + " without " + text);
                    }
                    if (literal.whole()) {
                        assertEquals(regexFinds, substring.matches(line), expression + " on " + line);
                    }
                }
            }
        }
    }

    @Test
    void aWholeLiteralFoldsCaseAsTheExpressionDoes() {
        for (String line : List.of("\u212aelvin", "\u017fome", "SOME", "\u0130t")) {
            for (String text : List.of("kelvin", "some", "it")) {
                boolean regex = Pattern.compile(text, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                        .matcher(line).find();
                assertEquals(regex, new LineMatcher.SubstringMatcher(text, false).matches(line), text + " in " + line);
            }
        }
        assertFalse(new LineMatcher.SubstringMatcher("kelvin", true).matches("\u212aelvin"));
    }

    private static String randomLine(Random random) {
        String alphabet = "abABkKsS.x-]) 0123\u212a\u017f";
        StringBuilder line = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            line.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return line.toString();
    }
}
