package org.prismq.runner.adapters.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a request body that must be UTF-8 and nothing else. A JSON parser left to itself guesses the encoding
 * (UTF-16 and UTF-32 from zero bytes, a byte order mark skipped), so a body the contract refuses would be read
 * anyway, and differently from the way a strict client reads the same bytes. Every refusal is a 400
 * {@code invalid_json} that says what was found.
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    static String decode(byte[] body) {
        if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            throw invalid("the body starts with a UTF-8 byte order mark; send UTF-8 JSON without one");
        }
        if (startsWith(body, 0xFE, 0xFF) || startsWith(body, 0xFF, 0xFE) || startsWith(body, 0, 0, 0xFE, 0xFF)) {
            throw invalid("the body starts with a UTF-16 or UTF-32 byte order mark; send JSON in UTF-8");
        }
        for (int i = 0; i < body.length; i++) {
            // JSON has no raw NUL anywhere, while UTF-16 and UTF-32 put one beside every ASCII character.
            if (body[i] == 0) {
                throw invalid("the body holds a NUL byte at offset " + i
                        + " (UTF-16 or UTF-32?); send JSON in UTF-8");
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw invalid("the body is not valid UTF-8: byte 0x"
                    + Integer.toHexString(body[in.position()] & 0xFF) + " at offset " + in.position());
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static boolean startsWith(byte[] body, int... prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((body[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_JSON, detail);
    }
}
