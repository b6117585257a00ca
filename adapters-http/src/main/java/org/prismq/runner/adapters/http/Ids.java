package org.prismq.runner.adapters.http;

import org.prismq.runner.domain.IdCharacters;
import org.prismq.runner.domain.catalog.ModuleId;
import org.prismq.runner.domain.run.RunId;

/**
 * Reads module and run ids from requests. The pattern is checked here, before any use case sees the text, so
 * that nothing a client sends can name a file or smuggle a separator; a well-formed but unknown id is left for
 * the use case to answer with 404.
 */
final class Ids {

    private Ids() {
    }

    /** @param what how the error message names the value, e.g. "module id" */
    static ModuleId moduleId(String text, String what) {
        checkPattern(text, what);
        try {
            return new ModuleId(text);
        } catch (IllegalArgumentException tooLong) {
            throw invalid(tooLong.getMessage());
        }
    }

    static RunId runId(String text, String what) {
        checkPattern(text, what);
        try {
            return new RunId(text);
        } catch (IllegalArgumentException tooLong) {
            throw invalid(tooLong.getMessage());
        }
    }

    private static void checkPattern(String text, String what) {
        if (text == null || !IdCharacters.allAllowed(text)) {
            throw invalid(what + " '" + QueryParameters.shortened(String.valueOf(text))
                    + "' must consist of the characters " + IdCharacters.CLASS);
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(ErrorCode.INVALID_ID, detail);
    }
}
