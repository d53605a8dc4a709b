/*
 * TestModels: deterministic model contents and byte-level helpers shared by the io tests.
 *
 * Contract: small() always returns the same Contents (unicode metadata and vocabulary, edge-case
 * strings, tensors of rank 0..3 including an empty one and special float values); the byte helpers
 * patch little-endian fields and re-seal the CRC32C so that only the structural checks can object.
 */
package org.rnnlm4j.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.ModelFile.Contents;
import org.rnnlm4j.io.ModelFile.Tensor;

final class TestModels {
    private TestModels() {
    }

    static Contents small() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model.type", "rnn");
        meta.put("hidden", "8");
        meta.put("ключ ünïcødé", "值 😀 \u0000 tab\tend");
        meta.put("", "empty key");
        meta.put("empty value", "");
        List<String> vocab = List.of("<unk>", "</s>", "", " ", "a", "é", "日本", "😀", "\n", "tab\tsep", "\u0000");
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("U", new Tensor(new int[] {2, 3}, ramp(6, -1f, 0.25f)));
        t.put("b", new Tensor(new int[] {3}, new float[] {Float.NaN, -0.0f, Float.MIN_VALUE}));
        t.put("W3", new Tensor(new int[] {2, 2, 2}, new float[] {Float.MAX_VALUE, Float.NEGATIVE_INFINITY,
            Float.POSITIVE_INFINITY, 1e-30f, -1e30f, 0.1f, 1f / 3, Float.intBitsToFloat(0x7fc12345)}));
        t.put("empty", new Tensor(new int[] {0, 4}, new float[0]));
        t.put("scalar", new Tensor(new int[0], new float[] {42f}));
        t.put("名前", new Tensor(new int[] {1}, new float[] {7f}));
        return new Contents(meta, vocab, t);
    }

    static float[] ramp(int n, float start, float step) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = start + i * step;
        }
        return f;
    }

    static byte[] bytesOf(Contents c, Path dir) throws IOException {
        Path p = dir.resolve("bytes-of.model");
        ModelFile.write(p, c);
        byte[] b = Files.readAllBytes(p);
        Files.delete(p);
        return b;
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Recomputes the CRC32C of a complete file in place. */
    static byte[] reseal(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 12);
        le(b).putInt(b.length - 12, (int) crc.getValue());
        return b;
    }

    /** Offset of the first occurrence of {@code ascii} (as UTF-8) in {@code b}. */
    static int indexOf(byte[] b, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= b.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (b[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found: " + text);
    }

    /** Writes {@code b} to a file, reads it, and returns the one-line error message. */
    static String readError(Path dir, byte[] b) throws IOException {
        Path p = dir.resolve("damaged.model");
        Files.write(p, b);
        RnnlmException e = assertThrows(RnnlmException.class, () -> ModelFile.read(p));
        assertOneLine(e.getMessage());
        return e.getMessage();
    }

    static void assertOneLine(String message) {
        assertFalse(message == null || message.isBlank(), "empty message");
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), () -> "looks like a stack trace: " + message);
    }
}
