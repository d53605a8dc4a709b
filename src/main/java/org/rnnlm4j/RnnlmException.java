/*
 * RnnlmException: the one error type that reaches a user.
 *
 * Contract: its message is a single line that says what was wrong and what to do
 * ("vocabulary has 65 symbols but the model expects 67: was this model trained on another corpus?").
 * The CLI prints the message alone (no stack trace) and exits with code 2. Library callers catch it
 * like any RuntimeException. Internal invariants use `assert`, not this class.
 */
package org.rnnlm4j;

public class RnnlmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RnnlmException(String message) {
        super(message);
    }

    public RnnlmException(String message, Throwable cause) {
        super(message, cause);
    }
}
