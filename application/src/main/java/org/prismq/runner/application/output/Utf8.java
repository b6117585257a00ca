package org.prismq.runner.application.output;

/** The length of text in UTF-8, counted without encoding it. */
final class Utf8 {

    private Utf8() {
    }

    /** Bytes of {@code text} in UTF-8; an unpaired surrogate counts as the 3 bytes of its replacement character. */
    static long length(String text) {
        int chars = text.length();
        long bytes = chars;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < chars
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2;
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
