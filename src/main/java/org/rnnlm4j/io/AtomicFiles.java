/*
 * AtomicFiles: the one implementation of "replace a file atomically" in rnnlm4j.
 *
 * Contract: write() streams the new content into a temporary file in the destination's own
 * directory (named ".<random>.<name>.tmp"), forces it to disk, then renames it over the
 * destination with ATOMIC_MOVE (falling back to a plain replacing move only where the file system
 * cannot rename atomically) and finally fsyncs the directory where the platform allows it. Readers
 * therefore see either the complete old file or the complete new one. On any failure the
 * destination is untouched, the temporary file is removed, and a one-line RnnlmException names the
 * path and what to do. Unwritable destinations (missing directory, parent is a file, destination is
 * a directory or a device, permission denied) are reported before anything is written, and
 * checkWritable() lets a long job find out before it starts. The temporary file is created with the
 * process's default permissions (not the 0600 of Files.createTempFile). A symbolic link at the
 * destination is replaced by the new regular file; its old target is left alone.
 */
package org.rnnlm4j.io;

import static org.rnnlm4j.io.Errors.reason;
import static org.rnnlm4j.io.Errors.show;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.rnnlm4j.RnnlmException;

public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the whole content of a file; the channel is positioned at 0 and must not be closed. */
    @FunctionalInterface
    public interface ChannelWriter {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    /** Test hook: when >= 0, the channel handed to the writer fails after this many bytes. */
    static volatile long failAfterBytesForTest = -1;

    /** Atomically replaces {@code path} with {@code text} encoded as UTF-8. */
    public static void writeString(Path path, String text) {
        writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Atomically replaces {@code path} with {@code bytes}. */
    public static void writeBytes(Path path, byte[] bytes) {
        write(path, out -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.write(b);
            }
        });
    }

    /** Atomically replaces {@code path} with whatever {@code body} writes. */
    public static void write(Path path, ChannelWriter body) {
        Path target = checkDestination(path);
        Path dir = target.getParent();
        Path tmp = createTemp(path, dir, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                long failAfter = failAfterBytesForTest;
                body.writeTo(failAfter >= 0 ? new FailingChannel(ch, failAfter) : ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new RnnlmException("could not write " + show(path) + ": " + reason(e)
                    + "; the previous file there (if any) is unchanged: check free disk space and permissions, then retry");
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
        }
        syncDirectory(dir);
    }

    /**
     * Fails with a one-line RnnlmException unless a file can be written at {@code path}: call this
     * before hours of work. Creates and deletes a probe file next to the destination; never touches
     * the destination itself.
     */
    public static void checkWritable(Path path) {
        Path target = checkDestination(path);
        Path tmp = createTemp(path, target.getParent(), target.getFileName().toString());
        deleteQuietly(tmp);
    }

    /** Validates the destination and returns it as an absolute path. */
    private static Path checkDestination(Path path) {
        Path target = path.toAbsolutePath();
        if (target.getFileName() == null || target.getParent() == null) {
            throw new RnnlmException("cannot write " + show(path) + ": it is not a file path; give a file name such as out/lm.model");
        }
        if (Files.isDirectory(target)) {
            throw new RnnlmException("cannot write " + show(path) + ": it is a directory; give a file name inside it, such as "
                    + show(path.resolve("lm.model")));
        }
        Path dir = target.getParent();
        if (!Files.exists(dir)) {
            throw new RnnlmException("cannot write " + show(path) + ": directory " + show(dir)
                    + " does not exist; create it first or choose another output path");
        }
        if (!Files.isDirectory(dir)) {
            throw new RnnlmException("cannot write " + show(path) + ": " + show(dir)
                    + " is not a directory; choose another output path");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target)) {
            throw new RnnlmException("cannot write " + show(path)
                    + ": it exists and is not a regular file, so rnnlm4j will not replace it; choose another output path");
        }
        return target;
    }

    /** Creates (CREATE_NEW) an empty temporary file next to the destination. */
    private static Path createTemp(Path path, Path dir, String name) {
        for (int attempt = 0; ; attempt++) {
            String random = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
            Path tmp = dir.resolve("." + random + "." + name + ".tmp");
            try {
                FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 20) {
                    throw new RnnlmException("cannot write " + show(path) + ": could not create a unique temporary file in "
                            + show(dir) + "; remove stale '.*." + show(name) + ".tmp' files there and retry");
                }
            } catch (AccessDeniedException e) {
                throw new RnnlmException("cannot write " + show(path) + ": permission denied in directory " + show(dir)
                        + "; choose a directory you can write to or fix its permissions");
            } catch (IOException e) {
                throw new RnnlmException("cannot write " + show(path) + ": cannot create a file in " + show(dir) + " ("
                        + reason(e) + "); choose another output path");
            }
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: the failure being reported matters more than a leftover temp file
        }
    }

    /** Makes the rename durable where the platform supports opening a directory (POSIX). */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not supported on this platform/file system: the rename itself is still atomic
        }
    }

    /** Passes writes through until a byte budget is used up, then fails like a full disk. */
    private static final class FailingChannel implements WritableByteChannel {
        private final WritableByteChannel out;
        private long budget;

        FailingChannel(WritableByteChannel out, long budget) {
            this.out = out;
            this.budget = budget;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (budget <= 0 && src.hasRemaining()) {
                throw new IOException("simulated write failure (test hook)");
            }
            int n = (int) Math.min(src.remaining(), budget);
            ByteBuffer part = src.slice();
            part.limit(n);
            int written = out.write(part);
            src.position(src.position() + written);
            budget -= written;
            return written;
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
