package org.prismq.runner.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.prismq.runner.domain.log.SearchPattern;

class AsciiNeedleTest {

    /** Pieces of lines: letters of both cases, escape sequences and their parts, characters beyond ASCII. */
    private static final List<String> PIECES = List.of("a", "B", "err", "OR", "Error", "i", "K", "s", "S", "k",
            "n=0000", "0", "1", " ", "[", "]", "\\", "m", "\u001b", "\u001b[31m", "\u001b[0m", "\u001b[", "\u001b]",
            "\u001b]8;;http://x\u0007", "\u001b\\", "\u0007", "\u001bc", "\u00e9", "\u00c9", "\u212a", "\u017f",
            "\u0130", "\u0131", "\u00df", "\ud83d\ude00", "\u65e5\u672c", "processed item ", "worker-3] p");
    private static final List<String> NEEDLES = List.of("a", "error", "ERROR", "err", "k", "S", "i", "ok",
            "n=0000000001", "worker-3] p", "31m", "[", "\\", "]8;", "sssssssss", "Error Error", "0000000000000001");

    @Test
    void answersAsMatchingTheDecodedLineDoesWheneverItAnswers() {
        Random random = new Random(18);
        byte[] block = new byte[4096];
        for (int round = 0; round < 5_000; round++) {
            String line = randomLine(random);
            byte[] text = line.getBytes(StandardCharsets.UTF_8);
            // The line sits among other bytes, as in a block, which must not count.
            int offset = random.nextInt(64);
            random.nextBytes(block);
            System.arraycopy(text, 0, block, offset, text.length);
            for (String needle : NEEDLES) {
                boolean caseSensitive = random.nextBoolean();
                AsciiNeedle ascii = AsciiNeedle.of(needle, caseSensitive);
                int answer = ascii.find(block, offset, text.length);
                boolean expected = new LineMatcher.SubstringMatcher(needle, caseSensitive).matches(line);
                if (answer != AsciiNeedle.UNDECIDED) {
                    assertEquals(expected, answer == 1, () -> needle + (caseSensitive ? "" : " (any case)")
                            + " in " + escaped(line));
                }
            }
        }
    }

    /** Lines packed among other bytes, as a store keeps them: no line that matches lies before a suspect place. */
    @Test
    void noMatchingLineLiesBeforeTheNextSuspectPlace() {
        Random random = new Random(19);
        for (int round = 0; round < 500; round++) {
            List<int[]> spans = new java.util.ArrayList<>();
            List<String> lines = new java.util.ArrayList<>();
            java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
            for (int k = random.nextInt(40); k > 0; k--) {
                byte[] header = new byte[random.nextInt(4)];
                random.nextBytes(header);
                block.writeBytes(header);
                String line = randomLine(random);
                byte[] text = line.getBytes(StandardCharsets.UTF_8);
                spans.add(new int[] {block.size(), block.size() + text.length});
                lines.add(line);
                block.writeBytes(text);
            }
            byte[] bytes = block.toByteArray();
            for (String needle : NEEDLES) {
                boolean caseSensitive = random.nextBoolean();
                AsciiNeedle ascii = AsciiNeedle.of(needle, caseSensitive);
                LineMatcher matcher = new LineMatcher.SubstringMatcher(needle, caseSensitive);
                int suspect = ascii.nextSuspect(bytes, 0, bytes.length);
                for (int k = 0; k < lines.size(); k++) {
                    if (spans.get(k)[1] <= suspect) {
                        assertFalse(matcher.matches(lines.get(k)), needle + " in " + escaped(lines.get(k))
                                + " before the suspect place " + suspect);
                    } else {
                        suspect = ascii.nextSuspect(bytes, spans.get(k)[1], bytes.length);
                    }
                }
            }
        }
    }

    @Test
    void theNextSuspectPlaceIsTheNeedleAnEscapeOrACharacterThatFoldsToIt() {
        byte[] bytes = "\u0001ok\u0002some error here\u0003".getBytes(StandardCharsets.UTF_8);

        assertEquals(9, AsciiNeedle.of("ERROR", false).nextSuspect(bytes, 0, bytes.length));
        assertEquals(bytes.length, AsciiNeedle.of("ERROR", true).nextSuspect(bytes, 0, bytes.length));
        assertEquals(5, AsciiNeedle.of("x", false).nextSuspect("ab\u00e9c\u001b[m".getBytes(StandardCharsets.UTF_8),
                0, 8), "the escape code");
        assertEquals(2, AsciiNeedle.of("sky", false).nextSuspect("ab\u212a".getBytes(StandardCharsets.UTF_8), 0, 5),
                "the Kelvin sign");
        assertEquals(5, AsciiNeedle.of("error", false).nextSuspect("ab\u212a".getBytes(StandardCharsets.UTF_8), 0, 5));
    }

    @Test
    void decidesLinesOfAsciiWithOrWithoutEscapeCodes() {
        AsciiNeedle error = AsciiNeedle.of("error", false);

        assertEquals(1, find(error, "x ERR\u001b[31mOR y"), "a colour code splits the word");
        assertEquals(0, find(error, "\u001b]8;;https://error.example\u0007link\u001b]8;;\u0007"));
        assertEquals(1, find(error, "a long line that ends with the word, past the first eight bytes: eRRoR"));
        assertEquals(0, find(error, "erro"));
        assertEquals(0, find(AsciiNeedle.of("31m", false), "ERR\u001b[31mOR"));
        assertEquals(1, find(AsciiNeedle.of("Error", true), "an Error"));
        assertEquals(0, find(AsciiNeedle.of("Error", true), "an ERROR"));
    }

    @Test
    void decidesLinesBeyondAsciiUnlessACharacterThereCouldFoldToTheNeedle() {
        assertEquals(1, find(AsciiNeedle.of("error", false), "\u00fcberall ERROR"));
        assertEquals(0, find(AsciiNeedle.of("error", false), "\u00fcberall \u00c9RROR"));
        assertEquals(AsciiNeedle.UNDECIDED, find(AsciiNeedle.of("sky", false), "\u017f\u212ay"),
                "the long s and the Kelvin sign fold to s and k");
        assertEquals(AsciiNeedle.UNDECIDED, find(AsciiNeedle.of("fix", false), "f\u0130x"));
        assertEquals(0, find(AsciiNeedle.of("sky", true), "\u017f\u212ay"), "case matters: no folding");
        assertEquals(AsciiNeedle.UNDECIDED, find(AsciiNeedle.of("error", false), "\u00e9\u001b[31merror"),
                "escape codes and characters beyond ASCII on one line");
    }

    @Test
    void aNeedleBeyondAsciiOrWithAnEscapeIsLeftToTheDecodedLine() {
        assertNull(AsciiNeedle.of("\u00e9t\u00e9", false));
        assertNull(AsciiNeedle.of("\u001b[31m", false));
        assertEquals(-1, LineMatcher.of(SearchPattern.substring("\u00e9t\u00e9", false))
                .matchesUtf8(new byte[] {'x'}, 0, 1));
    }

    private static int find(AsciiNeedle needle, String line) {
        byte[] bytes = ("\u001b[31m\u00e9rror" + line + "ERROR\u001b").getBytes(StandardCharsets.UTF_8);
        int offset = "\u001b[31m\u00e9rror".getBytes(StandardCharsets.UTF_8).length;
        return needle.find(bytes, offset, line.getBytes(StandardCharsets.UTF_8).length);
    }

    private static String randomLine(Random random) {
        StringBuilder line = new StringBuilder();
        int pieces = random.nextInt(30);
        for (int i = 0; i < pieces; i++) {
            line.append(PIECES.get(random.nextInt(PIECES.size())));
        }
        return line.toString();
    }

    private static String escaped(String line) {
        return line.replace("\u001b", "<ESC>").replace("\u0007", "<BEL>");
    }
}
