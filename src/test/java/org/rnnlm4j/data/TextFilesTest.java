/*
 * TextFilesTest: strict UTF-8 reading and the one-line errors a user gets for bad input files.
 */
package org.rnnlm4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;

class TextFilesTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static String failure(Path p) {
        RnnlmException e = assertThrows(RnnlmException.class, () -> TextFiles.readUtf8(p));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsUtf8AndStripsBom() throws IOException {
        byte[] text = "caf\u00e9 \ud83d\ude00\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertEquals("caf\u00e9 \ud83d\ude00\n", TextFiles.readUtf8(write("bom.txt", withBom)));
        assertEquals("caf\u00e9 \ud83d\ude00\n", TextFiles.readUtf8(write("plain.txt", text)));
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.txt");
        assertTrue(failure(p).startsWith(p + " does not exist: check the path"), failure(p));
    }

    @Test
    void directory() {
        assertEquals(dir + " is a directory: pass a text file", failure(dir));
    }

    @Test
    void emptyFile() throws IOException {
        Path p = write("empty.txt", new byte[0]);
        assertEquals(p + " is empty (0 bytes): pass a file that contains text", failure(p));
    }

    @Test
    void whitespaceOnlyFile() throws IOException {
        Path p = write("blank.txt", " \n\t\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(p + " contains only whitespace (5 bytes): pass a file that contains text", failure(p));
    }

    @Test
    void bomOnlyFileIsBlank() throws IOException {
        Path p = write("bomonly.txt", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        assertTrue(failure(p).contains("contains only whitespace"), failure(p));
    }

    @Test
    void binaryFile() throws IOException {
        Path p = write("model.bin", new byte[] {'R', 'N', 'N', 0, 1, 2});
        assertEquals(p + " looks like a binary file (NUL byte at offset 3): pass a UTF-8 text file", failure(p));
    }

    @Test
    void nulAfterTheProbeIsNotBinaryButStillDecodes() throws IOException {
        byte[] bytes = new byte[TextFiles.BINARY_PROBE_BYTES + 10];
        Arrays.fill(bytes, (byte) 'a');
        bytes[TextFiles.BINARY_PROBE_BYTES + 5] = 0;
        assertEquals(bytes.length, TextFiles.readUtf8(write("late-nul.txt", bytes)).length());
    }

    @Test
    void utf16IsNamed() throws IOException {
        Path p = write("utf16.txt", new byte[] {(byte) 0xFF, (byte) 0xFE, 'h', 0, 'i', 0});
        assertTrue(failure(p).startsWith(p + " is UTF-16"), failure(p));
        assertTrue(failure(p).contains("iconv -f utf-16 -t utf-8"), failure(p));
    }

    @Test
    void invalidUtf8GivesTheByteOffset() throws IOException {
        byte[] latin1 = "na\u00efve text".getBytes(StandardCharsets.ISO_8859_1); // 0xEF at offset 2
        Path p = write("latin1.txt", latin1);
        assertEquals(p + " is not valid UTF-8 (byte 0xEF at offset 2): convert it, e.g. iconv -f latin1 -t utf-8 "
                + p + " > converted.txt", failure(p));
    }

    @Test
    void invalidUtf8OffsetCountsTheBom() throws IOException {
        Path p = write("bad-after-bom.txt", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'o', 'k', (byte) 0xFF});
        assertTrue(failure(p).contains("(byte 0xFF at offset 5)"), failure(p));
    }

    @Test
    void truncatedSequenceAtEndIsInvalid() throws IOException {
        Path p = write("cut.txt", new byte[] {'a', 'b', (byte) 0xE2, (byte) 0x82});
        assertTrue(failure(p).contains("(byte 0xE2 at offset 2)"), failure(p));
    }

    @Test
    void splitLines() {
        assertEquals(List.of("a", "", "b", "c"), TextFiles.splitLines("a\n\nb\r\nc\r\n"));
        assertEquals(List.of("a", "b"), TextFiles.splitLines("a\rb"));
        assertEquals(List.of(), TextFiles.splitLines(""));
        assertEquals(List.of(""), TextFiles.splitLines("\n"));
    }
}
