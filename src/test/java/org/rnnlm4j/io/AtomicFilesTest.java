/*
 * AtomicFilesTest: temp-file-and-rename writes keep the old file on failure, leave no temporary
 * files behind, and refuse unwritable destinations with a one-line message before writing.
 */
package org.rnnlm4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.rnnlm4j.RnnlmException;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void resetHook() {
        AtomicFiles.failAfterBytesForTest = -1;
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    static String error(String phrase, Executable action) {
        RnnlmException e = assertThrows(RnnlmException.class, action);
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), () -> "not one line: " + m);
        assertTrue(m.contains(phrase), () -> "expected '" + phrase + "' in: " + m);
        return m;
    }

    @Test
    void writeStringCreatesAndReplaces() throws IOException {
        Path p = dir.resolve("metrics.json");
        AtomicFiles.writeString(p, "{\"a\": \"é😀\"}\n");
        assertEquals("{\"a\": \"é😀\"}\n", Files.readString(p));
        AtomicFiles.writeString(p, "second");
        assertEquals("second", Files.readString(p));
        AtomicFiles.writeString(dir.resolve("empty.txt"), "");
        assertEquals(0, Files.size(dir.resolve("empty.txt")));
        assertEquals(List.of("empty.txt", "metrics.json"), names(dir));
    }

    @Test
    void relativePathInTheWorkingDirectoryIsAccepted() throws IOException {
        // a relative path resolves against the working directory
        Path relative = Path.of("target", "atomic-files-test-" + ProcessHandle.current().pid() + ".txt");
        Assumptions.assumeTrue(Files.isDirectory(relative.getParent()));
        try {
            AtomicFiles.writeString(relative, "x");
            assertEquals("x", Files.readString(relative));
        } finally {
            Files.deleteIfExists(relative);
        }
    }

    @Test
    void failureMidwayKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path p = dir.resolve("metrics.json");
        AtomicFiles.writeString(p, "old content");
        AtomicFiles.failAfterBytesForTest = 5;
        error("could not write " + p, () -> AtomicFiles.writeString(p, "new content that is longer"));
        assertEquals("old content", Files.readString(p));
        assertEquals(List.of("metrics.json"), names(dir));
        // a failure with no old file leaves nothing at all
        error("the previous file there (if any) is unchanged", () -> AtomicFiles.writeString(dir.resolve("new.json"), "abcdefgh"));
        assertEquals(List.of("metrics.json"), names(dir));
    }

    @Test
    void exceptionFromTheWriterAlsoCleansUp() throws IOException {
        Path p = dir.resolve("out.bin");
        AtomicFiles.writeString(p, "old");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(p, out -> {
            out.write(ByteBuffer.wrap(new byte[100]));
            throw new IllegalStateException("bug in the writer");
        }));
        assertEquals("bug in the writer", e.getMessage());
        assertEquals("old", Files.readString(p));
        assertEquals(List.of("out.bin"), names(dir));
    }

    @Test
    void unwritableDestinationsAreRefusedBeforeWriting() throws IOException {
        Path missing = dir.resolve("no/such/dir/m.model");
        error("directory " + missing.getParent() + " does not exist; create it first",
                () -> AtomicFiles.writeString(missing, "x"));
        error("does not exist", () -> AtomicFiles.checkWritable(missing));

        Path file = dir.resolve("a-file");
        Files.writeString(file, "I am a file");
        error(file + " is not a directory", () -> AtomicFiles.writeString(file.resolve("m.model"), "x"));
        error("is not a directory", () -> AtomicFiles.checkWritable(file.resolve("m.model")));

        Path sub = Files.createDirectory(dir.resolve("sub"));
        error("it is a directory; give a file name inside it", () -> AtomicFiles.writeString(sub, "x"));
        error("it is a directory", () -> AtomicFiles.checkWritable(sub));

        assertEquals("I am a file", Files.readString(file));
        assertEquals(List.of(), names(sub));
        assertEquals(List.of("a-file", "sub"), names(dir));
    }

    @Test
    void permissionDeniedNamesTheDirectory() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE));
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "permissions are not enforced here (running as root?)");
            error("permission denied in directory " + locked, () -> AtomicFiles.writeString(locked.resolve("m"), "x"));
            error("permission denied", () -> AtomicFiles.checkWritable(locked.resolve("m")));
        } finally {
            Files.setPosixFilePermissions(locked, Set.of(PosixFilePermission.values()));
        }
    }

    @Test
    void checkWritableLeavesNoTrace() throws IOException {
        Path p = dir.resolve("future.model");
        AtomicFiles.checkWritable(p);
        assertEquals(List.of(), names(dir));
        Files.writeString(p, "existing");
        AtomicFiles.checkWritable(p);
        assertEquals("existing", Files.readString(p));
        assertEquals(List.of("future.model"), names(dir));
    }

    @Test
    void newFileGetsDefaultPermissionsNotTempFilePermissions() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path reference = Files.createFile(dir.resolve("reference"));
        Path p = dir.resolve("written");
        AtomicFiles.writeString(p, "x");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(p));
    }

    @Test
    void symlinkToADirectoryIsTreatedAsADirectory() throws IOException {
        Path target = Files.createDirectory(dir.resolve("real"));
        Path link = dir.resolve("link");
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("symbolic links not supported here");
        }
        error("it is a directory", () -> AtomicFiles.writeString(link, "x"));
        assertTrue(Files.isSymbolicLink(link));
    }
}
