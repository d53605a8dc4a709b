/*
 * ModelFile: rnnlm4j's self-contained binary container for a model (and, later, checkpoints).
 *
 * Contract: a file holds string metadata, a vocabulary and named float32 tensors, in the byte
 * layout documented exactly in docs/model-format.md (magic "RNNLM4J\n", u32 format version,
 * u64 file length, META/VOCB/TENS sections, CRC32C + "RNNLMEND" trailer; all little-endian).
 * write() is atomic (see AtomicFiles) and streams tensors in bulk; read() returns exactly what was
 * written or throws a one-line RnnlmException (missing, empty, foreign, truncated, corrupted, newer
 * version, absurd lengths) and never allocates more than the file's size justifies. Every older
 * format version stays readable. Never Java serialization.
 */
package org.rnnlm4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.rnnlm4j.RnnlmException;

public final class ModelFile {
    private ModelFile() {
    }

    /** The format version this code writes. */
    public static final int FORMAT_VERSION = 1;

    static final byte[] MAGIC = "RNNLM4J\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] END_MARKER = "RNNLMEND".getBytes(StandardCharsets.US_ASCII);
    /** magic (8) + u32 version + u64 file length. Identical in every format version. */
    static final int HEADER_SIZE = 20;
    /** u32 CRC32C of all preceding bytes + end marker (8). Identical in every format version. */
    static final int TRAILER_SIZE = 12;
    /** tag (4) + u64 body length. */
    static final int SECTION_HEADER_SIZE = 12;
    static final int TAG_META = tag("META");
    static final int TAG_VOCAB = tag("VOCB");
    static final int TAG_TENSORS = tag("TENS");
    /** Highest rank a tensor may have; a larger rank in a file means corruption. */
    public static final int MAX_RANK = 32;
    /** Largest number of floats in one tensor (the largest Java array the JVM reliably allocates). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * A row-major float32 tensor. The shape is copied; the data array is shared, not copied.
     * Equality compares shape and data bit patterns (Arrays.equals), so NaN equals NaN.
     */
    public record Tensor(int[] shape, float[] data) {
        public Tensor {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(data, "data");
            shape = shape.clone();
            if (shape.length > MAX_RANK) {
                throw new IllegalArgumentException("tensor rank " + shape.length + " exceeds " + MAX_RANK);
            }
            long n = elementCount(shape);
            if (n < 0 || n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("invalid tensor shape " + Arrays.toString(shape));
            }
            if (data.length != n) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " needs " + n
                        + " floats but data has " + data.length);
            }
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        public int rank() {
            return shape.length;
        }

        public int dim(int axis) {
            return shape[axis];
        }

        public int size() {
            return data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Tensor" + Arrays.toString(shape) + "(" + data.length + " floats)";
        }
    }

    /**
     * Everything a model file holds. Metadata and tensors keep insertion order; the collections
     * are copied on construction (metadata and vocabulary unmodifiable; tensors stays the
     * LinkedHashMap this record owns), tensor data arrays are shared, not copied.
     */
    public record Contents(Map<String, String> metadata, List<String> vocabulary,
                           LinkedHashMap<String, Tensor> tensors) {
        public Contents {
            LinkedHashMap<String, String> m = new LinkedHashMap<>();
            metadata.forEach((k, v) -> m.put(Objects.requireNonNull(k, "metadata key"),
                    Objects.requireNonNull(v, "metadata value of " + k)));
            metadata = Collections.unmodifiableMap(m);
            vocabulary = List.copyOf(vocabulary);
            LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
            tensors.forEach((k, v) -> t.put(Objects.requireNonNull(k, "tensor name"),
                    Objects.requireNonNull(v, "tensor " + k)));
            tensors = t;
        }

        /** The named tensor, or a one-line RnnlmException listing the tensors the file does have. */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new RnnlmException("the model has no tensor '" + Errors.oneLine(name) + "' (it has: "
                        + Errors.oneLine(String.join(", ", tensors.keySet()))
                        + "); was it written by a different kind of model?");
            }
            return t;
        }
    }

    /** Atomically writes {@code c} to {@code path}; on failure the old file there is untouched. */
    public static void write(Path path, Contents c) {
        Plan plan = new Plan(c);
        AtomicFiles.write(path, plan::writeTo);
    }

    /** Reads a model file, or throws a one-line RnnlmException saying what is wrong with it. */
    public static Contents read(Path path) {
        return ModelReader.read(path);
    }

    /** Fails with a one-line RnnlmException unless a model can be written at {@code path}. */
    public static void checkWritable(Path path) {
        AtomicFiles.checkWritable(path);
    }

    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                return -1;
            }
        }
        return n;
    }

    static int tag(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    static byte[] utf8(String s, String what) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new RnnlmException(what + " contains an unpaired UTF-16 surrogate and cannot be stored as UTF-8: "
                    + "fix the text it came from");
        }
    }

    /** The encoded strings and every size, computed before a byte is written. */
    private static final class Plan {
        final byte[][] meta;      // key, value, key, value, ...
        final byte[][] vocab;
        final byte[][] names;
        final Tensor[] tensors;
        final long metaLen;
        final long vocabLen;
        final long tensorsLen;
        final long total;

        Plan(Contents c) {
            meta = new byte[c.metadata().size() * 2][];
            int i = 0;
            for (Map.Entry<String, String> e : c.metadata().entrySet()) {
                meta[i++] = utf8(e.getKey(), "metadata key '" + Errors.oneLine(e.getKey()) + "'");
                meta[i++] = utf8(e.getValue(), "metadata value of '" + Errors.oneLine(e.getKey()) + "'");
            }
            vocab = new byte[c.vocabulary().size()][];
            for (i = 0; i < vocab.length; i++) {
                vocab[i] = utf8(c.vocabulary().get(i), "vocabulary entry " + i);
            }
            names = new byte[c.tensors().size()][];
            tensors = c.tensors().values().toArray(new Tensor[0]);
            i = 0;
            for (String name : c.tensors().keySet()) {
                names[i++] = utf8(name, "tensor name '" + Errors.oneLine(name) + "'");
            }
            metaLen = 4 + stringsLen(meta);
            vocabLen = 4 + stringsLen(vocab);
            long pos = HEADER_SIZE + 3L * SECTION_HEADER_SIZE + metaLen + vocabLen + 4;
            long start = pos - 4;
            for (i = 0; i < tensors.length; i++) {
                pos += 4 + names[i].length + 4 + 4L * tensors[i].rank();
                pos += padding(pos) + 4L * tensors[i].size();
            }
            tensorsLen = pos - start;
            total = pos + TRAILER_SIZE;
        }

        private static long stringsLen(byte[][] strings) {
            long n = 0;
            for (byte[] s : strings) {
                n += 4 + s.length;
            }
            return n;
        }

        void writeTo(WritableByteChannel ch) throws IOException {
            Out out = new Out(ch);
            out.bytes(MAGIC);
            out.u32(FORMAT_VERSION);
            out.u64(total);
            out.u32(TAG_META);
            out.u64(metaLen);
            out.u32(meta.length / 2);
            for (byte[] s : meta) {
                out.string(s);
            }
            out.u32(TAG_VOCAB);
            out.u64(vocabLen);
            out.u32(vocab.length);
            for (byte[] s : vocab) {
                out.string(s);
            }
            out.u32(TAG_TENSORS);
            out.u64(tensorsLen);
            out.u32(tensors.length);
            for (int i = 0; i < tensors.length; i++) {
                out.string(names[i]);
                out.u32(tensors[i].rank());
                for (int d : tensors[i].shape) {
                    out.u32(d);
                }
                out.bytes(new byte[padding(out.pos)]);
                out.floats(tensors[i].data());
            }
            out.trailer();
            if (out.pos != total) {
                throw new IllegalStateException("model writer wrote " + out.pos + " bytes, planned " + total);
            }
        }
    }

    /** Zero bytes needed after {@code pos} so that float data starts at a multiple of 4. */
    static int padding(long pos) {
        return (int) (-pos & 3);
    }

    /** Little-endian buffered output with a running CRC32C; float arrays are copied in bulk. */
    private static final class Out {
        private final WritableByteChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        long pos;

        Out(WritableByteChannel ch) {
            this.ch = ch;
        }

        void u32(int v) throws IOException {
            room(4);
            buf.putInt(v);
            pos += 4;
        }

        void u64(long v) throws IOException {
            room(8);
            buf.putLong(v);
            pos += 8;
        }

        void string(byte[] s) throws IOException {
            u32(s.length);
            bytes(s);
        }

        void bytes(byte[] b) throws IOException {
            for (int off = 0; off < b.length; ) {
                room(1);
                int k = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, k);
                off += k;
            }
            pos += b.length;
        }

        void floats(float[] f) throws IOException {
            for (int off = 0; off < f.length; ) {
                room(4);
                int k = Math.min(buf.remaining() / 4, f.length - off);
                buf.asFloatBuffer().put(f, off, k);
                buf.position(buf.position() + 4 * k);
                off += k;
            }
            pos += 4L * f.length;
        }

        /** Flushes the body (covered by the checksum), then writes the checksum and end marker. */
        void trailer() throws IOException {
            flush(true);
            buf.putInt((int) crc.getValue());
            buf.put(END_MARKER);
            pos += TRAILER_SIZE;
            flush(false);
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush(true);
            }
        }

        private void flush(boolean checksum) throws IOException {
            buf.flip();
            if (checksum) {
                crc.update(buf.duplicate());
            }
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }
    }
}
