/*
 * FileKind: names what a file that is not an rnnlm4j model looks like, from its first bytes.
 *
 * Contract: describe() returns a short phrase for an error message ("a ZIP archive (for example a
 * PyTorch .pt, a NumPy .npz or a .jar)", "a text file starting with \"hello\"", "binary data
 * starting with bytes 00 01 ..."). It only looks at the bytes it is given and never fails.
 */
package org.rnnlm4j.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

final class FileKind {
    private FileKind() {
    }

    private static final Object[][] SIGNATURES = {
        {bytes(0x50, 0x4b, 0x03, 0x04), "a ZIP archive (for example a PyTorch .pt, a NumPy .npz or a .jar)"},
        {bytes(0x50, 0x4b, 0x05, 0x06), "an empty ZIP archive"},
        {bytes(0x89, 'P', 'N', 'G'), "a PNG image"},
        {bytes(0xff, 0xd8, 0xff), "a JPEG image"},
        {bytes('G', 'I', 'F', '8'), "a GIF image"},
        {bytes(0x1f, 0x8b), "a gzip-compressed file: decompress it first"},
        {bytes('B', 'Z', 'h'), "a bzip2-compressed file: decompress it first"},
        {bytes(0xfd, '7', 'z', 'X', 'Z', 0x00), "an xz-compressed file: decompress it first"},
        {bytes(0x28, 0xb5, 0x2f, 0xfd), "a zstd-compressed file: decompress it first"},
        {bytes(0x93, 'N', 'U', 'M', 'P', 'Y'), "a NumPy .npy array"},
        {bytes(0x89, 'H', 'D', 'F'), "an HDF5 file (for example a Keras .h5)"},
        {bytes(0x80, 0x02), "a Python pickle"},
        {bytes(0x80, 0x03), "a Python pickle"},
        {bytes(0x80, 0x04), "a Python pickle"},
        {bytes(0x80, 0x05), "a Python pickle"},
        {bytes(0xac, 0xed, 0x00, 0x05), "a Java serialized object"},
        {bytes(0xca, 0xfe, 0xba, 0xbe), "a Java class file"},
        {bytes(0x7f, 'E', 'L', 'F'), "an ELF executable"},
        {bytes('%', 'P', 'D', 'F'), "a PDF document"},
    };

    /** What a file starting with {@code head} (up to a few dozen bytes) looks like. */
    static String describe(byte[] head) {
        for (Object[] sig : SIGNATURES) {
            if (startsWith(head, (byte[]) sig[0])) {
                return (String) sig[1];
            }
        }
        String text = asText(head);
        if (text != null) {
            String t = text.stripLeading();
            String kind = t.startsWith("{") || t.startsWith("[") ? "a JSON or other text file" : "a text file";
            return kind + " starting with \"" + snippet(text) + "\"";
        }
        StringBuilder b = new StringBuilder("binary data starting with bytes");
        for (int i = 0; i < Math.min(8, head.length); i++) {
            b.append(String.format(" %02x", head[i] & 0xff));
        }
        return b.toString();
    }

    /** Number of positions where {@code head} agrees with {@code magic} (over the magic's length). */
    static int matchingBytes(byte[] head, byte[] magic) {
        int n = 0;
        for (int i = 0; i < Math.min(head.length, magic.length); i++) {
            if (head[i] == magic[i]) {
                n++;
            }
        }
        return n;
    }

    static boolean startsWith(byte[] head, byte[] prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The bytes as text if they are valid UTF-8 (a cut multi-byte character at the end is fine) without NULs. */
    private static String asText(byte[] head) {
        for (int cut = 0; cut < 4 && cut <= head.length; cut++) {
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(head, 0, head.length - cut)).toString();
                for (int i = 0; i < s.length(); i++) {
                    char c = s.charAt(i);
                    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                        return null;
                    }
                }
                return s;
            } catch (CharacterCodingException e) {
                // try again without a possibly cut character at the end
            }
        }
        return null;
    }

    private static String snippet(String text) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < text.length() && b.length() < 24; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
                b.append(c).append(text.charAt(++i));
                continue;
            }
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
            }
        }
        return i < text.length() ? b + "..." : b.toString();
    }

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
