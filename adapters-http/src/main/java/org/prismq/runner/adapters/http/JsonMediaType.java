package org.prismq.runner.adapters.http;

import java.util.Locale;

/**
 * The one media type a request body may have: JSON in UTF-8. Every POST must declare it, an empty body too: a
 * browser sends a cross-origin request with this type only after a CORS preflight, which only the allowed origins
 * pass, so a page of another site cannot post a form or a {@code text/plain} body to the service.
 */
final class JsonMediaType {

    private JsonMediaType() {
    }

    /**
     * Accepts {@code application/json} or {@code application/*+json}, with no charset or UTF-8; anything else,
     * a missing header included, is a 415 {@code unsupported_media_type}.
     */
    static void require(String contentType) {
        if (!isJson(contentType)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "a POST must send JSON in UTF-8 with "
                    + "Content-Type: application/json (an empty body too), got " + (contentType == null
                    ? "no Content-Type" : "'" + QueryParameters.shortened(contentType) + "'"));
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        String mediaType = parts[0].strip();
        boolean json = mediaType.equals("application/json")
                || mediaType.startsWith("application/") && mediaType.endsWith("+json");
        for (int i = 1; i < parts.length && json; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].strip().equals("charset")) {
                String charset = parameter.length > 1 ? parameter[1].strip().replace("\"", "") : "";
                json = charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        return json;
    }
}
