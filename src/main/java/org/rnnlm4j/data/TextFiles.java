/*
 * TextFiles: reading a user's text file strictly as UTF-8, with errors a user can act on.
 *
 * Contract: readUtf8 returns the whole file decoded as UTF-8 without a leading BOM, or throws an
 * RnnlmException with a one-line message for: a missing, unreadable or directory path; an empty or
 * whitespace-only file; a binary file (a NUL byte in the first 8 KiB, which includes UTF-16); bytes
 * that are not valid UTF-8 (the message gives the byte offset and an iconv command). Nothing is
 * replaced or guessed: a model trained on silently mangled text is worse than an error.
 */
package org.rnnlm4j.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rnnlm4j.RnnlmException;

public final class TextFiles {

    /** How far into a file we look for NUL bytes to call it binary. */
    static final int BINARY_PROBE_BYTES = 8192;

    private TextFiles() {
    }

    /** The text of {@code path}, decoded as strict UTF-8, with a leading BOM removed. */
    public static String readUtf8(Path path) {
        byte[] bytes = readBytes(path);
        if (bytes.length == 0) {
            throw new RnnlmException(path + " is empty (0 bytes): pass a file that contains text");
        }
        checkNotBinary(path, bytes);
        int start = hasUtf8Bom(bytes) ? 3 : 0;
        String text = decodeUtf8(path, bytes, start);
        if (text.isBlank()) {
            throw new RnnlmException(path + " contains only whitespace (" + bytes.length
                    + " bytes): pass a file that contains text");
        }
        return text;
    }

    /**
     * The lines of {@code text}, split at LF, CRLF or a lone CR, without their terminators. A final
     * terminator does not start an extra empty line; empty lines inside the text are kept.
     */
    public static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < n) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static byte[] readBytes(Path path) {
        if (Files.isDirectory(path)) {
            throw new RnnlmException(path + " is a directory: pass a text file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new RnnlmException(path + " does not exist: check the path (relative paths start at "
                    + Path.of("").toAbsolutePath() + ")", e);
        } catch (AccessDeniedException e) {
            throw new RnnlmException(path + " is not readable (permission denied): check its permissions", e);
        } catch (IOException e) {
            throw new RnnlmException("cannot read " + path + " (" + e + "): check that it is a readable text file", e);
        }
    }

    private static void checkNotBinary(Path path, byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
            throw new RnnlmException(path + " is UTF-16 (it starts with a UTF-16 byte order mark): convert it, e.g. "
                    + "iconv -f utf-16 -t utf-8 " + path + " > converted.txt");
        }
        int probe = Math.min(bytes.length, BINARY_PROBE_BYTES);
        for (int i = 0; i < probe; i++) {
            if (bytes[i] == 0) {
                throw new RnnlmException(path + " looks like a binary file (NUL byte at offset " + i
                        + "): pass a UTF-8 text file");
            }
        }
    }

    private static boolean hasUtf8Bom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF;
    }

    private static String decodeUtf8(Path path, byte[] bytes, int start) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new RnnlmException(path + " is not valid UTF-8 (byte 0x"
                    + String.format("%02X", bytes[offset] & 0xFF) + " at offset " + offset
                    + "): convert it, e.g. iconv -f latin1 -t utf-8 " + path + " > converted.txt");
        }
        assert !result.isOverflow() : "UTF-8 never yields more chars than bytes";
        out.flip();
        return out.toString();
    }
}
