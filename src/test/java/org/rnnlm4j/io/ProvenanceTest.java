/*
 * ProvenanceTest: provenance metadata keys and formats, and SHA-256 of bytes and of files.
 */
package org.rnnlm4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.ModelFile.Contents;

class ProvenanceTest {
    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path dir;

    @Test
    void sha256OfBytesMatchesKnownVectors() {
        assertEquals(ABC, Provenance.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(EMPTY, Provenance.sha256(new byte[0]));
    }

    @Test
    void sha256OfFilesIsTheHashOfTheirConcatenation() throws IOException {
        Path a = Files.write(dir.resolve("a"), "ab".getBytes(StandardCharsets.US_ASCII));
        Path b = Files.write(dir.resolve("b"), "c".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ABC, Provenance.sha256(a, b), "same as `cat a b | sha256sum`");
        assertEquals(EMPTY, Provenance.sha256());
        byte[] big = new byte[3 * 1024 * 1024 + 17];   // larger than the read buffer
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Path p = Files.write(dir.resolve("big"), big);
        assertEquals(Provenance.sha256(big), Provenance.sha256(p));
    }

    @Test
    void sha256OfMissingFileOrDirectoryIsAOneLineError() {
        RnnlmException e = assertThrows(RnnlmException.class, () -> Provenance.sha256(dir.resolve("corpus.txt")));
        TestModels.assertOneLine(e.getMessage());
        assertTrue(e.getMessage().contains("corpus.txt: the file does not exist"), e.getMessage());
        e = assertThrows(RnnlmException.class, () -> Provenance.sha256(dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void provenanceHasTheDocumentedKeysInOrder() {
        Map<String, String> m = Provenance.provenance(-42L, ABC.toUpperCase(), "0.1.0",
                Instant.parse("2025-01-31T12:34:56.789Z"));
        assertEquals(List.of("provenance.seed", "provenance.corpus_sha256", "provenance.tool_version",
                "provenance.created", "provenance.java", "provenance.os"), List.copyOf(m.keySet()));
        assertEquals("-42", m.get(Provenance.SEED));
        assertEquals(ABC, m.get(Provenance.CORPUS_SHA256), "stored lower-case");
        assertEquals("0.1.0", m.get(Provenance.TOOL_VERSION));
        assertEquals("2025-01-31T12:34:56Z", m.get(Provenance.CREATED));
        assertTrue(m.get(Provenance.JAVA).startsWith(Runtime.version().feature() + ""), m.get(Provenance.JAVA));
        String now = Provenance.provenance(1, ABC, "0.1.0").get(Provenance.CREATED);
        assertTrue(now.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), now);
    }

    @Test
    void badCorpusChecksumIsRefused() {
        for (String bad : new String[] {null, "", "abc", ABC + "0", ABC.replace('a', 'g')}) {
            RnnlmException e = assertThrows(RnnlmException.class, () -> Provenance.provenance(1, bad, "0.1.0"));
            TestModels.assertOneLine(e.getMessage());
            assertTrue(e.getMessage().contains("is not a SHA-256 hex digest"), e.getMessage());
        }
    }

    @Test
    void provenanceSurvivesAModelFileRoundTrip() {
        LinkedHashMap<String, String> meta = new LinkedHashMap<>(Map.of("model.type", "rnn"));
        meta.putAll(Provenance.provenance(7, ABC, "0.1.0"));
        Contents c = new Contents(meta, List.of("a"), new LinkedHashMap<>());
        Path p = dir.resolve("m.model");
        ModelFile.write(p, c);
        assertEquals(meta, ModelFile.read(p).metadata());
    }
}
