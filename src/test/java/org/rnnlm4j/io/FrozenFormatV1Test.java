/*
 * FrozenFormatV1Test: a version-1 model file written once and committed
 * (src/test/resources/io/frozen-v1.model) must load with exactly these contents forever.
 *
 * Never regenerate that file: if this test fails, the reader (or writer) changed the format.
 * A new format version gets its own frozen file and test; this one stays.
 */
package org.rnnlm4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.io.ModelFile.Contents;
import org.rnnlm4j.io.ModelFile.Tensor;

class FrozenFormatV1Test {
    static final Path FROZEN = Path.of("src/test/resources/io/frozen-v1.model");
    static final String FROZEN_SHA256 = "a8be4b3932156d72cf43884700d487d7ffde39a1ca1e2ae87e6e0f8476ae4a0a";

    @TempDir
    Path dir;

    /** The contents frozen-v1.model was generated from (with ModelFile.write, format version 1). */
    static Contents expected() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format.note", "frozen version-1 fixture");
        meta.put("unicode", "naïve 日本 😀");
        meta.put("empty", "");
        List<String> vocab = List.of("<unk>", "</s>", "", "é", "😀", "a b");
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("U", new Tensor(new int[] {2, 3}, new float[] {0.5f, -1.25f, 3f, 0f, -0.0f, 1e-3f}));
        t.put("bias", new Tensor(new int[] {3}, new float[] {Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE}));
        t.put("W3", new Tensor(new int[] {1, 2, 2}, new float[] {1f, 2f, 3f, Float.MAX_VALUE}));
        t.put("empty", new Tensor(new int[] {0}, new float[0]));
        return new Contents(meta, vocab, t);
    }

    @Test
    void frozenFileIsTheCommittedOne() throws IOException, NoSuchAlgorithmException {
        byte[] b = Files.readAllBytes(FROZEN);
        assertEquals(FROZEN_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)),
                "frozen-v1.model was modified: restore it from git");
        assertArrayEquals("RNNLM4J\n".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(b, 8));
        assertEquals(1, TestModels.le(b).getInt(8));
        assertEquals(b.length, TestModels.le(b).getLong(12));
        assertArrayEquals("RNNLMEND".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(b, b.length - 8, b.length));
    }

    @Test
    void frozenVersion1FileLoadsWithExactlyItsContents() {
        Contents c = ModelFile.read(FROZEN);
        Contents e = expected();
        assertEquals(e, c);
        assertEquals(List.copyOf(e.metadata().keySet()), List.copyOf(c.metadata().keySet()));
        assertEquals(List.copyOf(e.tensors().keySet()), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new int[] {1, 2, 2}, c.tensor("W3").shape());
        assertEquals(0x7fc00000, Float.floatToRawIntBits(c.tensor("bias").data()[0]));
        assertEquals(0x80000000, Float.floatToRawIntBits(c.tensor("U").data()[4]));
    }

    @Test
    void writerStillProducesTheFrozenBytes() throws IOException {
        if (ModelFile.FORMAT_VERSION != 1) {
            return;   // the writer has moved on; reading version 1 (above) must keep working
        }
        assertArrayEquals(Files.readAllBytes(FROZEN), TestModels.bytesOf(expected(), dir));
    }
}
