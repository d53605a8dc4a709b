/*
 * ModelFileTest: round trips through ModelFile, the 5M-float fast path, and the public records.
 */
package org.rnnlm4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.ModelFile.Contents;
import org.rnnlm4j.io.ModelFile.Tensor;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEverythingBitForBitAndInOrder() {
        Contents c = TestModels.small();
        Path p = dir.resolve("small.model");
        ModelFile.write(p, c);
        Contents back = ModelFile.read(p);
        assertEquals(c, back);
        assertEquals(List.copyOf(c.metadata().keySet()), List.copyOf(back.metadata().keySet()));
        assertEquals(c.vocabulary(), back.vocabulary());
        assertEquals(List.copyOf(c.tensors().keySet()), List.copyOf(back.tensors().keySet()));
        for (String name : c.tensors().keySet()) {
            Tensor a = c.tensors().get(name);
            Tensor b = back.tensors().get(name);
            assertArrayEquals(a.shape(), b.shape(), name);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(Float.floatToRawIntBits(a.data()[i]), Float.floatToRawIntBits(b.data()[i]), name + "[" + i + "]");
            }
        }
        assertEquals("值 😀 \u0000 tab\tend", back.metadata().get("ключ ünïcødé"));
        assertEquals(0, back.tensor("empty").size());
        assertArrayEquals(new int[] {0, 4}, back.tensor("empty").shape());
        assertEquals(0, back.tensor("scalar").rank());
    }

    @Test
    void emptyContentsRoundTrip() throws IOException {
        Contents c = new Contents(Map.of(), List.of(), new LinkedHashMap<>());
        Path p = dir.resolve("empty.model");
        ModelFile.write(p, c);
        assertEquals(c, ModelFile.read(p));
        assertEquals(80, Files.size(p), "smallest file, as documented in docs/model-format.md");
    }

    @Test
    void overwritingReplacesTheOldModel() {
        Path p = dir.resolve("m.model");
        ModelFile.write(p, TestModels.small());
        Contents other = new Contents(Map.of("v", "2"), List.of("x"), new LinkedHashMap<>());
        ModelFile.write(p, other);
        assertEquals(other, ModelFile.read(p));
    }

    @Test
    void fiveMillionFloatsWriteAndReadQuickly() throws IOException {
        int n = 5_000_000;
        float[] big = new float[n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            big[i] = (float) r.nextGaussian();
        }
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("V", new Tensor(new int[] {1000, 5000}, big));
        t.put("b", new Tensor(new int[] {3}, new float[] {1, 2, 3}));
        Contents c = new Contents(Map.of("k", "v"), List.of("a", "b"), t);
        Path p = dir.resolve("big.model");
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            ModelFile.write(p, c);
            Contents back = ModelFile.read(p);
            best = Math.min(best, System.nanoTime() - t0);
            assertArrayEquals(big, back.tensor("V").data());
            assertEquals(c, back);
        }
        assertTrue(Files.size(p) > 20_000_000L && Files.size(p) < 20_001_000L, "size " + Files.size(p));
        System.out.printf("ModelFile: 5M floats write+read best of 3: %.1f ms%n", best / 1e6);
        // a per-float stream loop takes seconds; the bulk path takes well under 1 s even on a slow disk
        assertTrue(best < 3_000_000_000L, "5M-float round trip took " + best / 1_000_000 + " ms");
    }

    @Test
    void manyTensorsAndLongStringsCrossTheBufferBoundaries() {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            int n = r.nextInt(20_000);
            t.put("t" + i + "x".repeat(i % 5), new Tensor(new int[] {n}, TestModels.ramp(n, i, 0.5f)));
        }
        List<String> vocab = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            vocab.add("w" + i);
        }
        vocab.add("é".repeat(1 << 20));   // a 2 MB string, longer than the I/O buffer
        Contents c = new Contents(Map.of("long", "z".repeat(3 << 20)), vocab, t);
        Path p = dir.resolve("many.model");
        ModelFile.write(p, c);
        assertEquals(c, ModelFile.read(p));
    }

    @Test
    void tensorValidatesShapeAgainstData() {
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {2, 3}, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {-1}, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {1 << 16, 1 << 16}, new float[0]));
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[33], new float[0]));
        int[] shape = {2, 2};
        Tensor t = new Tensor(shape, new float[4]);
        shape[0] = 7;
        assertArrayEquals(new int[] {2, 2}, t.shape(), "shape must be copied");
        t.shape()[1] = 9;
        assertArrayEquals(new int[] {2, 2}, t.shape(), "accessor must not expose the shape array");
        assertEquals(new Tensor(new int[] {1}, new float[] {Float.NaN}), new Tensor(new int[] {1}, new float[] {Float.NaN}));
        assertNotEquals(new Tensor(new int[] {1}, new float[] {0f}), new Tensor(new int[] {1}, new float[] {-0f}));
    }

    @Test
    void missingTensorIsAOneLineErrorListingTheTensorsThatExist() {
        RnnlmException e = assertThrows(RnnlmException.class, () -> TestModels.small().tensor("V"));
        TestModels.assertOneLine(e.getMessage());
        assertTrue(e.getMessage().contains("'V'") && e.getMessage().contains("U, b, W3"), e.getMessage());
    }

    @Test
    void unpairedSurrogateIsRefusedBeforeAnythingIsWritten() throws IOException {
        Contents c = new Contents(Map.of(), List.of("ok", "bad\ud800"), new LinkedHashMap<>());
        Path p = dir.resolve("s.model");
        RnnlmException e = assertThrows(RnnlmException.class, () -> ModelFile.write(p, c));
        TestModels.assertOneLine(e.getMessage());
        assertTrue(e.getMessage().contains("vocabulary entry 1"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void failedWriteKeepsTheOldModelAndLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("lm.model");
        Contents old = TestModels.small();
        ModelFile.write(p, old);
        byte[] before = Files.readAllBytes(p);
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("V", new Tensor(new int[] {1000, 1000}, new float[1_000_000]));
        Contents bigger = new Contents(Map.of(), List.of(), t);
        for (long failAfter : new long[] {0, 1, 100, 1 << 20, 3_000_000}) {
            AtomicFiles.failAfterBytesForTest = failAfter;
            try {
                RnnlmException e = assertThrows(RnnlmException.class, () -> ModelFile.write(p, bigger));
                TestModels.assertOneLine(e.getMessage());
                assertTrue(e.getMessage().startsWith("could not write " + p), e.getMessage());
            } finally {
                AtomicFiles.failAfterBytesForTest = -1;
            }
            assertArrayEquals(before, Files.readAllBytes(p));
            assertEquals(old, ModelFile.read(p));
            assertEquals(List.of(p), AtomicFilesTest.names(dir).stream().map(dir::resolve).toList());
        }
        ModelFile.write(p, bigger);
        assertEquals(bigger, ModelFile.read(p));
    }

    @Test
    void checkWritableBeforeTraining() throws IOException {
        ModelFile.checkWritable(dir.resolve("later.model"));
        assertFalse(Files.exists(dir.resolve("later.model")));
        RnnlmException e = assertThrows(RnnlmException.class, () -> ModelFile.checkWritable(dir.resolve("x/y.model")));
        TestModels.assertOneLine(e.getMessage());
        assertTrue(e.getMessage().contains("does not exist; create it first"), e.getMessage());
    }
}
