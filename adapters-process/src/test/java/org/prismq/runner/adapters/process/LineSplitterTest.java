package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final LineSplitter splitter = new LineSplitter(64);

    @Test
    void splitsOnLineFeedCarriageReturnLineFeedAndLoneCarriageReturn() {
        assertEquals(List.of("unix", "windows", "mac", "last"), feedAll("unix\nwindows\r\nmac\rlast\n"));
    }

    @Test
    void keepsEmptyLines() {
        assertEquals(List.of("a", "", "", "b"), feedAll("a\n\n\nb\n"));
    }

    @Test
    void doubleCarriageReturnLineFeedIsTwoBreaks() {
        assertEquals(List.of("a", "", "b"), feedAll("a\r\n\r\nb"));
    }

    @Test
    void carriageReturnBeforeCarriageReturnLineFeedIsTwoBreaks() {
        assertEquals(List.of("a", "", "b"), feedAll("a\r\r\nb"));
    }

    @Test
    void lineFeedThenCarriageReturnIsTwoBreaks() {
        assertEquals(List.of("a", "", "b"), feedAll("a\n\rb"));
    }

    @Test
    void progressRewritesAreSeparateLines() {
        assertEquals(List.of("", "10%", "50%", "100%"), feedAll("\r10%\r50%\r100%\n"));
    }

    @Test
    void carriageReturnLineFeedSplitAcrossChunksIsOneBreak() {
        List<String> first = feed("one\r");
        List<String> second = feed("\ntwo\n");

        assertEquals(List.of("one"), first, "the line ended by a carriage return is complete at once");
        assertEquals(List.of("two"), second);
    }

    @Test
    void carriageReturnAtChunkEndFollowedByTextIsOneBreak() {
        assertEquals(List.of("one"), feed("one\r"));
        assertEquals(List.of("two"), feed("two\n"));
    }

    @Test
    void carriageReturnAtChunkEndThenEmptyChunkThenLineFeedIsOneBreak() {
        feed("one\r");
        assertEquals(List.of(), splitter.feed(new byte[0], 0, 0));
        assertEquals(List.of("two"), feed("\ntwo\n"));
    }

    @Test
    void carriageReturnAtChunkEndThenLineFeedChunkThenLineFeedIsTwoBreaks() {
        assertEquals(List.of("one"), feed("one\r"));
        assertEquals(List.of(), feed("\n"));
        assertEquals(List.of(""), feed("\n"));
    }

    @Test
    void keepsTheLastLineWithoutBreakUntilTheEnd() {
        assertEquals(List.of("first"), feed("first\nsec"));
        assertEquals(List.of(), feed("ond"));
        assertEquals(List.of("second"), splitter.finish());
    }

    @Test
    void endsWithoutAnExtraLineAfterAFinalBreak() {
        feed("only\n");
        assertEquals(List.of(), splitter.finish());
    }

    @Test
    void endsWithoutAnExtraLineAfterAFinalCarriageReturn() {
        assertEquals(List.of("only"), feed("only\r"));
        assertEquals(List.of(), splitter.finish());
    }

    @Test
    void deliversNothingForAnEmptyStream() {
        assertEquals(List.of(), splitter.finish());
    }

    @Test
    void returnsEveryLineOfAChunkInOneBatch() {
        assertEquals(List.of("a", "b", "c"), feed("a\nb\nc\nd"));
    }

    @Test
    void decodesMultiByteCharactersCutAcrossChunks() {
        byte[] bytes = "žluťoučký kůň 🚀\n".getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (byte b : bytes) {
            lines.addAll(splitter.feed(new byte[] {b}, 0, 1));
        }
        assertEquals(List.of("žluťoučký kůň 🚀"), lines);
    }

    @Test
    void replacesInvalidBytesWithoutDroppingAnything() {
        byte[] bytes = {'a', (byte) 0xFF, 'b', (byte) 0xC3, 'c', (byte) 0xE2, (byte) 0x82, '\n'};

        List<String> lines = splitter.feed(bytes, 0, bytes.length);

        assertEquals(List.of("a\uFFFDb\uFFFDc\uFFFD"), lines);
    }

    @Test
    void replacesATruncatedSequenceAtTheEndOfTheStream() {
        byte[] bytes = {'x', (byte) 0xF0, (byte) 0x9F};
        splitter.feed(bytes, 0, bytes.length);

        assertEquals(List.of("x\uFFFD"), splitter.finish());
    }

    @Test
    void keepsNulAndControlCharacters() {
        assertEquals(List.of("a\u0000b\u0007c\u001B[31mred\u001B[0m\tt"), feedAll("a\u0000b\u0007c\u001B[31mred\u001B[0m\tt"));
    }

    @Test
    void cutsALongLineIntoPiecesOfTheMaximum() {
        String line = "x".repeat(64 * 3 + 10);

        List<String> lines = feedAll(line + "\nnext\n");

        assertEquals(List.of("x".repeat(64), "x".repeat(64), "x".repeat(64), "x".repeat(10), "next"), lines);
    }

    @Test
    void aLineOfExactlyTheMaximumIsOneLine() {
        assertEquals(List.of("y".repeat(64), "z"), feedAll("y".repeat(64) + "\nz\n"));
    }

    @Test
    void aLineOfTwiceTheMaximumIsTwoPiecesWithoutAnEmptyThird() {
        assertEquals(List.of("y".repeat(64), "y".repeat(64)), feedAll("y".repeat(128) + "\n"));
    }

    @Test
    void neverCutsInsideAMultiByteSequence() {
        for (String character : List.of("é", "€", "🚀")) {
            for (int prefix = 0; prefix < 4; prefix++) {
                LineSplitter fresh = new LineSplitter(16);
                String line = "a".repeat(prefix) + character.repeat(40);
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);

                List<String> pieces = fresh.feed(bytes, 0, bytes.length);

                assertEquals(line, String.join("", pieces), "prefix " + prefix + " of " + character);
                for (int i = 0; i < pieces.size(); i++) {
                    int size = pieces.get(i).getBytes(StandardCharsets.UTF_8).length;
                    assertTrue(size <= 16, "piece of " + size + " bytes");
                    assertTrue(i == pieces.size() - 1 || size > 12, "piece of " + size + " bytes before the last");
                    assertTrue(pieces.get(i).indexOf('\uFFFD') < 0, "cut inside a character: " + pieces.get(i));
                }
            }
        }
    }

    @Test
    void cutsInvalidBytesAtTheMaximum() {
        LineSplitter fresh = new LineSplitter(4);
        byte[] bytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, '\n'};

        assertEquals(List.of("\uFFFD".repeat(4), "\uFFFD"), fresh.feed(bytes, 0, bytes.length));
    }

    @Test
    void cutsAHundredMegabyteLineWithoutBreakIntoPieces() {
        LineSplitter fresh = new LineSplitter(1024);
        byte[] chunk = new byte[OutputPump.CHUNK_BYTES];
        Arrays.fill(chunk, (byte) 'm');
        long pieces = 0;
        for (int i = 0; i < 1600; i++) {
            pieces += fresh.feed(chunk, 0, chunk.length).size();
        }
        pieces += fresh.finish().size();

        assertEquals(1600L * OutputPump.CHUNK_BYTES / 1024, pieces);
    }

    @Test
    void feedsFromAnOffset() {
        byte[] bytes = "skip|a\nb".getBytes(StandardCharsets.UTF_8);

        assertEquals(List.of("a"), splitter.feed(bytes, 5, 3));
    }

    @Test
    void givesTheSameLinesWhateverTheChunking() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            stream.writeBytes(("line " + i + " ünï 🚀" + (i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\r" : "\n"))
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = stream.toByteArray();
        List<String> whole = new LineSplitter(64).feed(bytes, 0, bytes.length);
        for (int size = 1; size <= 17; size++) {
            LineSplitter chunked = new LineSplitter(64);
            List<String> lines = new ArrayList<>();
            for (int offset = 0; offset < bytes.length; offset += size) {
                lines.addAll(chunked.feed(bytes, offset, Math.min(size, bytes.length - offset)));
            }
            lines.addAll(chunked.finish());
            assertEquals(whole, lines, "chunks of " + size);
        }
        assertEquals(200, whole.size());
    }

    @Test
    void refusesAMaximumTooSmallForACharacter() {
        assertThrows(IllegalArgumentException.class, () -> new LineSplitter(3));
    }

    private List<String> feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return splitter.feed(bytes, 0, bytes.length);
    }

    private List<String> feedAll(String text) {
        List<String> lines = new ArrayList<>(feed(text));
        lines.addAll(splitter.finish());
        return lines;
    }
}
