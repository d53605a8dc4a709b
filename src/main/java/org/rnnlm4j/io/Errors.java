/*
 * Errors: small helpers that keep RnnlmException messages on one line.
 *
 * Contract: oneLine() never returns a string containing a line break; reason() turns an IOException
 * into a short human phrase ("No space left on device", "permission denied") without class names.
 */
package org.rnnlm4j.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

final class Errors {
    private Errors() {
    }

    /** Replaces every line break / control character with a space. */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return b.toString();
    }

    /** The path as the user typed it, on one line. */
    static String show(Object path) {
        return oneLine(String.valueOf(path));
    }

    /** A short reason for an I/O failure, without the Java class name. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String r = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (r == null || r.isBlank()) {
            r = e.getClass().getSimpleName();
        }
        return oneLine(r);
    }
}
