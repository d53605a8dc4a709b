/*
 * HttpError: a request the server answers with an error status — 400 malformed, 404, 405, 413 too
 * large, 503 busy or stopping, 504 too slow — and a one-line message that says what was wrong and
 * what to do. ModelServer turns it into {"error": message} with that status.
 */
package org.rnnlm4j.server;

final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int BAD_REQUEST = 400;
    static final int NOT_FOUND = 404;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int TOO_LARGE = 413;
    static final int UNAVAILABLE = 503;
    static final int TIMEOUT = 504;

    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static HttpError bad(String message) {
        return new HttpError(BAD_REQUEST, message);
    }

    static HttpError tooLarge(String message) {
        return new HttpError(TOO_LARGE, message);
    }
}
