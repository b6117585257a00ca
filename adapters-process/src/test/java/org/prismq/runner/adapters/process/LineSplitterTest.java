package org.prismq.runner.adapters.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final LineSplitter splitter = new LineSplitter(64);

    /**
     * The eight-bytes-at-a-time search finds what a loop over the bytes finds, wherever the break lies and whatever
     * surrounds it: bytes that differ from a break in one bit, or in the high bit, and breaks side by side.
     */
    @Test
    void theSearchForALineBreakFindsTheFirstOneAsALoopOverTheBytesDoes() {
        byte[] alphabet = {'\n', '\r', 'a', 0, 0x0B, 0x0C, 0x09, 0x0F, (byte) 0x8A, (byte) 0x8D, (byte) 0xFF, 0x2A};
        Random random = new Random(20);
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                // Mostly bytes that are no break, so that breaks land anywhere in a word.
                bytes[i] = random.nextInt(6) == 0 ? alphabet[random.nextInt(2)] : alphabet[2 + random.nextInt(10)];
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            int end = from + random.nextInt(bytes.length - from + 1);
            int expected = end;
            for (int i = from; i < end; i++) {
                if (bytes[i] == '\n' || bytes[i] == '\r') {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, LineSplitter.nextBreak(bytes, from, end), Arrays.toString(bytes) + " from " + from
                    + " to " + end);
        }
    }

    @Test
    void splitsOnLineFeedAndCarriageReturnLineFeed() {
        assertEquals(List.of("unix", "windows", "last"), feedAll("unix\nwindows\r\nlast\n"));
    }

    @Test
    void aLoneCarriageReturnEndsAFrameNotALine() {
        assertEquals(List.of("last"), feed("frame\rlast\n"));
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
    void anEmptyFrameKeepsTheFrameBefore() {
        assertEquals(List.of("a", "b"), feedAll("a\r\r\nb"));
    }

    @Test
    void lineFeedThenCarriageReturnIsOneBreakAndAnEmptyFrame() {
        assertEquals(List.of("a", "b"), feedAll("a\n\rb"));
    }

    @Test
    void aProgressBarIsStoredOnceInItsFinalState() {
        assertEquals(List.of("100%", "next"), feedAll("\r10%\r50%\r100%\nnext\n"));
    }

    @Test
    void theLastFrameIsTheLineWhenNothingFollowsItsCarriageReturn() {
        assertEquals(List.of("100%"), feed("10%\r50%\r100%\r\n"));
    }

    @Test
    void carriageReturnLineFeedSplitAcrossChunksIsOneBreak() {
        List<String> first = feed("one\r");
        String frame = splitter.takeFrame();
        List<String> second = feed("\ntwo\n");

        assertEquals(List.of(), first);
        assertEquals("one", frame, "the text ended by a carriage return is reported at once, as a frame");
        assertEquals(List.of("one", "two"), second);
        assertNull(splitter.takeFrame());
    }

    @Test
    void carriageReturnAtChunkEndFollowedByTextIsAFrame() {
        assertEquals(List.of(), feed("one\r"));
        assertEquals("one", splitter.takeFrame());
        assertEquals(List.of("two"), feed("two\n"));
    }

    @Test
    void carriageReturnAtChunkEndThenEmptyChunkThenLineFeedIsOneBreak() {
        feed("one\r");
        assertEquals(List.of(), splitter.feed(new byte[0], 0, 0));
        assertEquals(List.of("one", "two"), feed("\ntwo\n"));
    }

    @Test
    void carriageReturnAtChunkEndThenLineFeedChunkThenLineFeedIsTwoBreaks() {
        assertEquals(List.of(), feed("one\r"));
        assertEquals(List.of("one"), feed("\n"));
        assertEquals(List.of(""), feed("\n"));
    }

    @Test
    void aFrameAtTheEndOfTheStreamIsItsLastLine() {
        assertEquals(List.of(), feed("abc\r"));
        assertEquals(List.of("abc"), splitter.finish());
    }

    @Test
    void textAfterTheLastFrameIsTheLastLineAtTheEndOfTheStream() {
        feed("abc\rde");
        assertEquals(List.of("de"), splitter.finish());
    }

    @Test
    void reportsOnlyTheLatestPendingFrameOfARead() {
        assertEquals(List.of(), feed("1%\r2%\r3%\r4"));
        assertEquals("3%", splitter.takeFrame());
        assertNull(splitter.takeFrame(), "a frame is reported once");
        assertEquals(List.of(), feed("%\r"));
        assertEquals("4%", splitter.takeFrame());
    }

    @Test
    void reportsNoFrameWhoseLineIsCompleteWithinTheRead() {
        assertEquals(List.of("done"), feed("1%\r2%\rdone\n"));
        assertNull(splitter.takeFrame());
        assertEquals(List.of("1%", "ok"), feed("1%\r\nok\n"));
        assertNull(splitter.takeFrame());
    }

    @Test
    void aMillionFramesOfOneBarMakeOneLine() {
        LineSplitter fresh = new LineSplitter(1024);
        StringBuilder read = new StringBuilder();
        List<String> lines = new ArrayList<>();
        String lastFrame = null;
        for (int i = 1; i <= 1_000_000; i++) {
            read.append("\r").append(i / 10_000).append("%|").append("#".repeat(i / 100_000)).append('|');
            if (i % 1000 == 0) {
                byte[] bytes = read.toString().getBytes(StandardCharsets.UTF_8);
                lines.addAll(fresh.feed(bytes, 0, bytes.length));
                lastFrame = fresh.takeFrame() == null ? lastFrame : "reported";
                read.setLength(0);
            }
        }
        byte[] end = "\n".getBytes(StandardCharsets.UTF_8);
        lines.addAll(fresh.feed(end, 0, end.length));
        lines.addAll(fresh.finish());

        assertEquals(List.of("100%|" + "#".repeat(10) + "|"), lines);
        assertEquals("reported", lastFrame);
    }

    @Test
    void aLongFrameIsCutIntoPiecesAndItsCopyStaysBounded() {
        String frame = "f".repeat(64 * 2 + 5);

        List<String> lines = feed(frame + "\r");

        assertEquals(List.of("f".repeat(64), "f".repeat(64)), lines, "pieces of a long line are lines, as before");
        assertEquals("fffff", splitter.takeFrame());
        assertEquals(List.of("fffff"), feed("\n"));
    }

    @Test
    void aFrameOfExactlyTheMaximumIsKeptWhole() {
        assertEquals(List.of(), feed("g".repeat(64) + "\r"));
        assertEquals("g".repeat(64), splitter.takeFrame());
        assertEquals(List.of("g".repeat(64)), feed("\r\n"));
    }

    @Test
    void decodesMultiByteFramesCutAcrossChunks() {
        byte[] bytes = "žluť 🚀\rkůň 🚀\r\n".getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        List<String> frames = new ArrayList<>();
        for (byte b : bytes) {
            lines.addAll(splitter.feed(new byte[] {b}, 0, 1));
            String frame = splitter.takeFrame();
            if (frame != null) {
                frames.add(frame);
            }
        }
        assertEquals(List.of("žluť 🚀", "kůň 🚀"), frames);
        assertEquals(List.of("kůň 🚀"), lines);
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
    void endsWithoutAnExtraLineAfterAFinalCarriageReturnLineFeed() {
        assertEquals(List.of("only"), feed("only\r\n"));
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
        LineSplitter single = new LineSplitter(64);
        List<String> whole = new ArrayList<>(single.feed(bytes, 0, bytes.length));
        whole.addAll(single.finish());
        for (int size = 1; size <= 17; size++) {
            LineSplitter chunked = new LineSplitter(64);
            List<String> lines = new ArrayList<>();
            for (int offset = 0; offset < bytes.length; offset += size) {
                lines.addAll(chunked.feed(bytes, offset, Math.min(size, bytes.length - offset)));
            }
            lines.addAll(chunked.finish());
            assertEquals(whole, lines, "chunks of " + size);
        }
        assertEquals(134, whole.size(), "a line ended by a lone carriage return is a frame of the next");
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
