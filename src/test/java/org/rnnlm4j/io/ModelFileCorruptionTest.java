/*
 * ModelFileCorruptionTest: every way a model file can be wrong gives one clean one-line
 * RnnlmException with the expected key phrase, never another exception type, a hang or an OOM.
 */
package org.rnnlm4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnnlm4j.io.TestModels.indexOf;
import static org.rnnlm4j.io.TestModels.le;
import static org.rnnlm4j.io.TestModels.readError;
import static org.rnnlm4j.io.TestModels.reseal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.ModelFile.Contents;
import org.rnnlm4j.io.ModelFile.Tensor;

class ModelFileCorruptionTest {
    @TempDir
    Path dir;
    byte[] good;

    @BeforeEach
    void writeGoodFile() throws IOException {
        good = TestModels.bytesOf(TestModels.small(), dir);
        assertEquals(TestModels.small(), readBack(good));
    }

    private Contents readBack(byte[] b) throws IOException {
        Path p = dir.resolve("ok.model");
        Files.write(p, b);
        return ModelFile.read(p);
    }

    private static void assertContains(String message, String... phrases) {
        for (String phrase : phrases) {
            assertTrue(message.contains(phrase), () -> "expected '" + phrase + "' in: " + message);
        }
    }

    @Test
    void truncatedAtEveryByteBoundary() throws IOException {
        for (int len = 0; len < good.length; len++) {
            String m = readError(dir, Arrays.copyOf(good, len));
            if (len == 0) {
                assertContains(m, "is empty", "0 bytes");
            } else {
                assertContains(m, "is truncated", "ends at byte " + len, "not completely written");
                if (len >= ModelFile.HEADER_SIZE) {
                    assertContains(m, "a complete file is " + good.length + " bytes");
                }
            }
        }
    }

    @Test
    void truncationMessageSaysWhichTensorItEndsIn() throws IOException {
        int insideW3Data = rankOf(good, "W3") + 4 + 3 * 4 + 10;
        assertContains(readError(dir, Arrays.copyOf(good, insideW3Data)), "inside tensor 'W3'");
        assertContains(readError(dir, Arrays.copyOf(good, indexOf(good, "VOCB") + 20)), "inside vocabulary entry");
        assertContains(readError(dir, Arrays.copyOf(good, good.length - 3)), "inside the checksum trailer");
    }

    @Test
    void everySingleByteFlipIsReportedAsCorrupted() throws IOException {
        for (int mask : new int[] {0x01, 0x80, 0xff}) {
            for (int pos = 0; pos < good.length; pos++) {
                byte[] b = good.clone();
                b[pos] ^= (byte) mask;
                String m = readError(dir, b);
                int at = pos;
                assertTrue(m.contains("is corrupted"), () -> "flip 0x" + Integer.toHexString(mask) + " at " + at + ": " + m);
            }
        }
    }

    @Test
    void damagedFloatDataIsCaughtByTheChecksum() throws IOException {
        byte[] b = good.clone();
        b[rankOf(good, "W3") + 4 + 3 * 4 + 5] ^= 0x10;
        assertContains(readError(dir, b), "is corrupted", "checksum mismatch", "restore it from a backup");
    }

    @Test
    void newerFormatVersionAsksForAnUpgrade() throws IOException {
        byte[] b = good.clone();
        le(b).putInt(8, 7);
        String expected = "model format version 7 is newer than this rnnlm4j (supports up to 1): upgrade rnnlm4j";
        assertContains(readError(dir, reseal(b)), expected);
        // a newer file cut short is still "newer", not "truncated": we cannot know its layout
        assertContains(readError(dir, Arrays.copyOf(b, b.length - 40)), expected);
        // ... but a damaged version field is not an upgrade request
        byte[] damaged = good.clone();
        le(damaged).putInt(8, 7);
        assertContains(readError(dir, damaged), "is corrupted");
        le(damaged).putInt(8, 0x01000001);
        assertContains(readError(dir, reseal(damaged)), "is corrupted", "version field reads 16777217");
    }

    @Test
    void foreignFilesSayWhatTheyLookLike() throws IOException {
        byte[] zip = {0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x21, 0, 0x5a, 0x3c, 0x11, 0x22, 0, 0, 0, 0};
        assertContains(readError(dir, zip), "is not an rnnlm4j model file", "ZIP archive", "PyTorch");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertContains(readError(dir, png), "is not an rnnlm4j model file", "PNG image");
        String text = "the quick brown fox jumps over the lazy dog\nand again\n";
        assertContains(readError(dir, text.getBytes(StandardCharsets.UTF_8)),
                "is not an rnnlm4j model file", "text file starting with \"the quick brown fox jump...\"");
        assertContains(readError(dir, "{\"weights\": {}}".getBytes(StandardCharsets.UTF_8)), "JSON or other text file");
        assertContains(readError(dir, "hi".getBytes(StandardCharsets.UTF_8)), "text file starting with \"hi\"");
        assertContains(readError(dir, "ünï".getBytes(StandardCharsets.UTF_8)), "text file");
        assertContains(readError(dir, new byte[] {0x1f, (byte) 0x8b, 8, 0}), "gzip");
        assertContains(readError(dir, new byte[] {0, 1, 2, (byte) 0xfe, 4, 5, 6, 7, 8, 9}),
                "binary data starting with bytes 00 01 02 fe 04 05 06 07");
        assertContains(readError(dir, new byte[] {(byte) 0xac, (byte) 0xed, 0, 5, 0x73, 0x72}), "Java serialized object");
    }

    @Test
    void trailingBytesAreCorruption() throws IOException {
        byte[] b = Arrays.copyOf(good, good.length + 5);
        assertContains(readError(dir, b), "is corrupted", "5 extra bytes");
        byte[] twice = Arrays.copyOf(good, good.length * 2);
        System.arraycopy(good, 0, twice, good.length, good.length);
        assertContains(readError(dir, twice), "is corrupted");
    }

    @Test
    void absurdLengthsCountsAndRanksAreRejectedBeforeAllocating() throws IOException {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int meta = indexOf(good, "META");
            int vocab = indexOf(good, "VOCB");
            int tens = indexOf(good, "TENS");
            int rankOfU = rankOf(good, "U");
            assertEquals(good.length, le(good).getLong(12));

            assertAbsurd(meta + 12, 0x7fffffff, "claims 2147483647 metadata entries");
            assertAbsurd(vocab + 12, -1, "claims 4294967295 vocabulary entries");
            assertAbsurd(tens + 12, 1_000_000, "claims 1000000 tensors");
            assertAbsurd(vocab + 16, 0x7ffffff0, "needs 2147483632 bytes");
            assertAbsurd(vocab + 16, -16, "claims a string of 4294967280 bytes");
            assertAbsurd(rankOfU, -1, "rank 4294967295");
            assertAbsurd(rankOfU, 1000, "rank 1000");
            assertAbsurd(rankOfU + 4, 0x7fffffff, "impossible shape [2147483647, 3]");
            // fits in a Java array but not in the heap: must be refused before allocating, not as OOM
            assertAbsurd(rankOfU + 4, 700_000_000, "needs 8400000000 bytes");
            assertAbsurdLong(vocab + 4, Long.MAX_VALUE, "vocabulary section claims");
            assertAbsurdLong(vocab + 4, 0, "vocabulary section claims 0 bytes");
            assertAbsurdLong(meta + 4, 3, "metadata section claims 3 bytes");
            assertAbsurdLong(12, Long.MAX_VALUE, "is corrupted");
            assertAbsurdLong(12, -1, "impossible file length of 18446744073709551615");
            assertAbsurdLong(12, 5, "impossible file length of 5");
        });
    }

    private void assertAbsurd(int offset, int value, String phrase) throws IOException {
        byte[] b = good.clone();
        le(b).putInt(offset, value);
        assertContains(readError(dir, reseal(b)), "is corrupted", phrase);
    }

    private void assertAbsurdLong(int offset, long value, String phrase) throws IOException {
        byte[] b = good.clone();
        le(b).putLong(offset, value);
        assertContains(readError(dir, reseal(b)), "is corrupted", phrase);
    }

    @Test
    void structurallyInconsistentButCorrectlySealedFilesAreCorrupted() throws IOException {
        byte[] b = good.clone();
        int vocab = indexOf(good, "VOCB");
        b[vocab] = 'X';
        assertContains(readError(dir, reseal(b)), "vocabulary section is missing at byte " + vocab);
        b = good.clone();
        int e = indexOf(good, "\u0002\u0000\u0000\u0000é") + 4;   // vocabulary entry 5, after its length
        b[e] = (byte) 0xff;   // invalid UTF-8
        assertContains(readError(dir, reseal(b)), "vocabulary entry 5 is not valid UTF-8");
        b = good.clone();
        le(b).putInt(rankOf(good, "W3"), 2);   // rank 3 -> 2 leaves the section misaligned
        assertContains(readError(dir, reseal(b)), "is corrupted");
    }

    @Test
    void duplicateNamesAreCorrupted() throws IOException {
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        t.put("AA", new Tensor(new int[] {1}, new float[] {1}));
        t.put("AB", new Tensor(new int[] {1}, new float[] {2}));
        byte[] b = TestModels.bytesOf(new Contents(Map.of("k1", "x", "k2", "y"), List.of(), t), dir);
        b[indexOf(b, "AB") + 1] = 'A';
        assertContains(readError(dir, reseal(b)), "tensor 'AA' appears twice");
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        meta.put("k1", "x");
        meta.put("k2", "y");
        b = TestModels.bytesOf(new Contents(meta, List.of(), t), dir);
        b[indexOf(b, "k2") + 1] = '1';
        assertContains(readError(dir, reseal(b)), "metadata key 'k1' appears twice");
    }

    /** Offset of the rank field of the tensor called {@code name} (a name of 1..9 ASCII chars). */
    private static int rankOf(byte[] b, String name) {
        return indexOf(b, (char) name.length() + "\u0000\u0000\u0000" + name) + 4 + name.length();
    }

    @Test
    void missingFileAndDirectoryAreClear() {
        RnnlmException e = org.junit.jupiter.api.Assertions.assertThrows(RnnlmException.class,
                () -> ModelFile.read(dir.resolve("nope.model")));
        TestModels.assertOneLine(e.getMessage());
        assertContains(e.getMessage(), "nope.model does not exist", "check the path");
        e = org.junit.jupiter.api.Assertions.assertThrows(RnnlmException.class, () -> ModelFile.read(dir));
        assertContains(e.getMessage(), "is a directory, not a model file");
    }

    @Test
    void unreadableFileIsPermissionDenied() throws IOException {
        Path p = dir.resolve("secret.model");
        Files.write(p, good);
        Assumptions.assumeTrue(p.toFile().setReadable(false, false) && !Files.isReadable(p),
                "permissions are not enforced here (running as root?)");
        RnnlmException e = org.junit.jupiter.api.Assertions.assertThrows(RnnlmException.class, () -> ModelFile.read(p));
        assertContains(e.getMessage(), "permission denied");
    }
}
