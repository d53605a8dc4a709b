/*
 * ModelReader: reads and diagnoses rnnlm4j model files (layout: docs/model-format.md).
 *
 * Contract: returns the Contents that were written, or throws one RnnlmException with a one-line
 * message whose key phrase is one of "does not exist", "is a directory", "is empty",
 * "is not an rnnlm4j model file", "is truncated", "is corrupted", "is newer than this rnnlm4j",
 * "not enough memory". Every length, count and rank is checked against the bytes that remain
 * before anything is allocated, so a damaged file can cause neither an OutOfMemoryError nor a hang
 * (only regular files are opened). The frame (header + trailer) is the same in every format
 * version, so a newer file is told apart from a damaged one by its checksum. The checksum is
 * computed while parsing, in a single pass over the file.
 */
package org.rnnlm4j.io;

import static org.rnnlm4j.io.Errors.reason;
import static org.rnnlm4j.io.Errors.show;
import static org.rnnlm4j.io.ModelFile.END_MARKER;
import static org.rnnlm4j.io.ModelFile.FORMAT_VERSION;
import static org.rnnlm4j.io.ModelFile.HEADER_SIZE;
import static org.rnnlm4j.io.ModelFile.MAGIC;
import static org.rnnlm4j.io.ModelFile.SECTION_HEADER_SIZE;
import static org.rnnlm4j.io.ModelFile.TRAILER_SIZE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.zip.CRC32C;
import org.rnnlm4j.RnnlmException;
import org.rnnlm4j.io.ModelFile.Contents;
import org.rnnlm4j.io.ModelFile.Tensor;

final class ModelReader {
    /** Versions above this are treated as a damaged version field rather than a future format. */
    private static final int MAX_PLAUSIBLE_VERSION = 0xffff;
    private static final int BUFFER = 1 << 20;

    private final Path path;
    private final FileChannel ch;
    private final long size;                 // actual file size
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private long declared;                   // file length from the header
    private long readEnd;                    // absolute offset just past the bytes read into buf
    private long limit;                      // end of the region being parsed (section or body)
    private String where = "the header";

    private ModelReader(Path path, FileChannel ch, long size) {
        this.path = path;
        this.ch = ch;
        this.size = size;
        buf.limit(0);
    }

    static Contents read(Path path) {
        if (Files.isDirectory(path)) {
            throw new RnnlmException(show(path) + " is a directory, not a model file; pass the model file inside it");
        }
        if (!Files.exists(path)) {
            throw new RnnlmException("model file " + show(path) + " does not exist (looked for "
                    + show(path.toAbsolutePath()) + "); check the path");
        }
        if (!Files.isRegularFile(path)) {
            throw new RnnlmException(show(path) + " is not a regular file; pass a model file written by rnnlm4j");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new RnnlmException(show(path) + " is empty (0 bytes): it was probably not completely written; "
                        + "write it again or restore it from a backup");
            }
            return new ModelReader(path, ch, size).run();
        } catch (AccessDeniedException e) {
            throw new RnnlmException("cannot read model file " + show(path) + ": permission denied; fix its permissions");
        } catch (IOException e) {
            throw new RnnlmException("cannot read model file " + show(path) + ": " + reason(e));
        }
    }

    private Contents run() throws IOException {
        byte[] head = readAt(0, (int) Math.min(size, 32));
        if (!FileKind.startsWith(head, MAGIC)) {
            if (head.length < MAGIC.length && FileKind.startsWith(MAGIC, head)) {
                throw truncated();
            }
            if (FileKind.matchingBytes(head, MAGIC) >= 6) {
                throw corrupted("its magic number is damaged");
            }
            throw new RnnlmException(show(path) + " is not an rnnlm4j model file: it looks like "
                    + FileKind.describe(head) + "; pass a model file written by rnnlm4j");
        }
        if (size < 12) {
            throw truncated();
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int version = h.getInt(8);
        if (version <= 0 || version > MAX_PLAUSIBLE_VERSION) {
            throw corrupted("its format version field reads " + Integer.toUnsignedString(version));
        }
        if (size < HEADER_SIZE) {
            throw version > FORMAT_VERSION ? newer(version) : truncated();
        }
        declared = h.getLong(12);
        if (declared < HEADER_SIZE + TRAILER_SIZE) {
            throw corrupted("its header gives an impossible file length of " + Long.toUnsignedString(declared) + " bytes");
        }
        if (size > declared) {
            throw corrupted("it is " + size + " bytes long but its header says " + declared
                    + "; the " + (size - declared) + " extra bytes do not belong to the model");
        }
        if (size < declared) {
            if (size >= HEADER_SIZE + END_MARKER.length && Arrays.equals(readAt(size - END_MARKER.length, END_MARKER.length), END_MARKER)) {
                throw corrupted("it is " + size + " bytes long but its header says " + declared);
            }
            if (version > FORMAT_VERSION) {
                throw newer(version);
            }
        } else {
            ByteBuffer trailer = ByteBuffer.wrap(readAt(size - TRAILER_SIZE, TRAILER_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
            if (!Arrays.equals(Arrays.copyOfRange(trailer.array(), 4, TRAILER_SIZE), END_MARKER)) {
                throw corrupted("its end marker is damaged");
            }
            if (version > FORMAT_VERSION) {
                checkChecksumOnly(trailer.getInt(0));
                throw newer(version);
            }
        }
        Contents c = parseV1();   // the only version so far; older versions get their own parseVn here
        limit = declared;
        where = "the checksum trailer";
        need(TRAILER_SIZE);
        ensure(4);
        int stored = buf.getInt();
        if (stored != (int) crc.getValue()) {
            throw corrupted(String.format("checksum mismatch: stored %08x, computed %08x", stored, (int) crc.getValue()));
        }
        return c;
    }

    private Contents parseV1() throws IOException {
        limit = declared - TRAILER_SIZE;
        skip(HEADER_SIZE);
        long metaEnd = section(ModelFile.TAG_META, "metadata");
        int n = count("metadata entries", 8);
        LinkedHashMap<String, String> meta = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            where = "metadata entry " + i;
            String key = string();
            if (meta.put(key, string()) != null) {
                throw corrupted("metadata key '" + Errors.oneLine(key) + "' appears twice");
            }
        }
        endSection(metaEnd);

        long vocabEnd = section(ModelFile.TAG_VOCAB, "vocabulary");
        n = count("vocabulary entries", 4);
        List<String> vocab = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            where = "vocabulary entry " + i;
            vocab.add(string());
        }
        endSection(vocabEnd);

        long tensorsEnd = section(ModelFile.TAG_TENSORS, "tensors");
        n = count("tensors", 8);
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            where = "the name of tensor " + i;
            String name = string();
            if (tensors.containsKey(name)) {
                throw corrupted("tensor '" + Errors.oneLine(name) + "' appears twice");
            }
            where = "tensor '" + Errors.oneLine(name) + "'";
            tensors.put(name, tensor());
        }
        endSection(tensorsEnd);
        limit = declared - TRAILER_SIZE;
        if (pos() != limit) {
            throw corrupted((limit - pos()) + " unexpected bytes follow the tensors section");
        }
        return new Contents(meta, vocab, tensors);
    }

    private Tensor tensor() throws IOException {
        int rank = u32();
        if (rank < 0 || rank > ModelFile.MAX_RANK) {
            throw corrupted(where + " has rank " + Integer.toUnsignedString(rank)
                    + " (at most " + ModelFile.MAX_RANK + " is possible)");
        }
        need(4L * rank);
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = u32();
        }
        long count = ModelFile.elementCount(shape);
        if (count < 0) {
            throw corrupted(where + " has an impossible shape " + unsigned(shape));
        }
        int pad = ModelFile.padding(pos());
        need(pad);
        ensure(pad);
        for (int i = 0; i < pad; i++) {
            if (buf.get() != 0) {
                throw corrupted("the padding before the data of " + where + " is not zero");
            }
        }
        need(4 * count);
        float[] data;
        try {
            data = new float[(int) count];
        } catch (OutOfMemoryError e) {
            throw new RnnlmException("not enough memory to load " + where + " (" + count + " floats, "
                    + (4 * count >> 20) + " MB) from " + show(path) + ": give Java more heap, e.g. -Xmx"
                    + Math.max(2, (8 * count >> 30) + 1) + "g");
        }
        for (int off = 0; off < data.length; ) {
            if (buf.remaining() < 4) {
                ensure((int) Math.min(4L * (data.length - off), BUFFER));
            }
            int k = Math.min(buf.remaining() / 4, data.length - off);
            buf.asFloatBuffer().get(data, off, k);
            buf.position(buf.position() + 4 * k);
            off += k;
        }
        return new Tensor(shape, data);
    }

    /** Reads a section header, checks its tag and length, and narrows the limit to its body. */
    private long section(int tag, String name) throws IOException {
        where = "the " + name + " section header";
        long outer = declared - TRAILER_SIZE;
        limit = outer;
        need(SECTION_HEADER_SIZE);
        long start = pos();
        int actual = u32();
        if (actual != tag) {
            throw corrupted("the " + name + " section is missing at byte " + start);
        }
        long len = u64();
        if (len < 4 || len > outer - pos()) {
            throw corrupted("the " + name + " section claims " + Long.toUnsignedString(len) + " bytes but "
                    + (outer - pos()) + " remain");
        }
        limit = pos() + len;
        where = "the " + name + " section";
        return limit;
    }

    private void endSection(long end) throws IOException {
        if (pos() != end) {
            throw corrupted(where + " ends at byte " + pos() + " but its section ends at byte " + end);
        }
    }

    /** A u32 count whose items need at least {@code minItemBytes} each within the current region. */
    private int count(String what, int minItemBytes) throws IOException {
        int n = u32();
        long room = limit - pos();
        if (n < 0 || (long) n * minItemBytes > room) {
            throw corrupted(where + " claims " + Integer.toUnsignedString(n) + " " + what
                    + ", which cannot fit in its " + room + " bytes");
        }
        return n;
    }

    private String string() throws IOException {
        int len = u32();
        if (len < 0) {
            throw corrupted(where + " claims a string of " + Integer.toUnsignedString(len) + " bytes");
        }
        need(len);
        byte[] b = new byte[len];
        for (int off = 0; off < len; ) {
            ensure(Math.min(len - off, BUFFER));
            int k = Math.min(buf.remaining(), len - off);
            buf.get(b, off, k);
            off += k;
        }
        try {
            return utf8.decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw corrupted(where + " is not valid UTF-8");
        }
    }

    private int u32() throws IOException {
        need(4);
        ensure(4);
        return buf.getInt();
    }

    private long u64() throws IOException {
        need(8);
        ensure(8);
        return buf.getLong();
    }

    private void skip(int n) throws IOException {
        need(n);
        ensure(n);
        buf.position(buf.position() + n);
    }

    /** Fails unless {@code n} more bytes exist both in the current region and in the file. */
    private void need(long n) {
        long room = limit - pos();
        if (n > room) {
            throw corrupted(where + " needs " + n + " bytes but only " + room + " remain");
        }
        if (pos() + n > size) {
            throw truncated();
        }
    }

    private long pos() {
        return readEnd - buf.remaining();
    }

    /** Makes at least {@code n} (at most BUFFER) bytes available in buf; checksums bytes as they arrive. */
    private void ensure(int n) throws IOException {
        if (buf.remaining() >= n) {
            return;
        }
        buf.compact();
        while (buf.position() < n) {
            int start = buf.position();
            int r = ch.read(buf);
            if (r < 0) {
                throw changed();
            }
            long covered = Math.max(0, Math.min(r, declared - TRAILER_SIZE - readEnd));
            if (covered > 0) {
                ByteBuffer d = buf.duplicate();
                d.position(start).limit(start + (int) covered);
                crc.update(d);
            }
            readEnd += r;
        }
        buf.flip();
    }

    private byte[] readAt(long position, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw changed();
            }
        }
        return b.array();
    }

    /** For a file claiming a newer version: a damaged file must not be reported as "upgrade". */
    private void checkChecksumOnly(int stored) throws IOException {
        CRC32C c = new CRC32C();
        ByteBuffer b = ByteBuffer.allocateDirect(BUFFER);
        for (long p = 0, end = size - TRAILER_SIZE; p < end; ) {
            b.clear().limit((int) Math.min(BUFFER, end - p));
            int r = ch.read(b, p);
            if (r < 0) {
                throw changed();
            }
            b.flip();
            c.update(b);
            p += r;
        }
        if ((int) c.getValue() != stored) {
            throw corrupted("checksum mismatch");
        }
    }

    private RnnlmException changed() {
        return new RnnlmException(show(path) + " changed while it was being read; retry when no other program is writing it");
    }

    private RnnlmException truncated() {
        String inside = size < HEADER_SIZE ? "the header" : where;
        String expected = declared > 0 ? ", but a complete file is " + declared + " bytes" : "";
        return new RnnlmException(show(path) + " is truncated: it ends at byte " + size + " inside " + inside + expected
                + "; it was probably not completely written: write it again or restore it from a backup");
    }

    private RnnlmException corrupted(String detail) {
        return new RnnlmException(show(path) + " is corrupted (" + detail
                + "): restore it from a backup or write it again");
    }

    private RnnlmException newer(int version) {
        return new RnnlmException("cannot load " + show(path) + ": model format version " + version
                + " is newer than this rnnlm4j (supports up to " + FORMAT_VERSION + "): upgrade rnnlm4j");
    }

    private static String unsigned(int[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(Integer.toUnsignedString(shape[i]));
        }
        return b.append(']').toString();
    }
}
