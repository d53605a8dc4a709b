/*
 * Provenance: the metadata that says where a model came from, and SHA-256 helpers.
 *
 * Contract: provenance() returns, in this order, provenance.seed (decimal), provenance.corpus_sha256
 * (64 lower-case hex digits), provenance.tool_version, provenance.created (ISO-8601 UTC, whole
 * seconds, e.g. 2025-01-31T12:00:00Z), provenance.java (runtime version and vendor) and
 * provenance.os (name and architecture); callers add it to ModelFile metadata. sha256(Path...)
 * hashes the files' bytes concatenated in the given order, so it equals
 * `cat f1 f2 ... | sha256sum`; files are streamed, never loaded whole. Hex output is lower-case.
 */
package org.rnnlm4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rnnlm4j.RnnlmException;

public final class Provenance {
    private Provenance() {
    }

    public static final String SEED = "provenance.seed";
    public static final String CORPUS_SHA256 = "provenance.corpus_sha256";
    public static final String TOOL_VERSION = "provenance.tool_version";
    public static final String CREATED = "provenance.created";
    public static final String JAVA = "provenance.java";
    public static final String OS = "provenance.os";

    /** Provenance metadata for a model trained now. */
    public static Map<String, String> provenance(long seed, String corpusSha256, String toolVersion) {
        return provenance(seed, corpusSha256, toolVersion, Instant.now());
    }

    static Map<String, String> provenance(long seed, String corpusSha256, String toolVersion, Instant created) {
        String sha = corpusSha256 == null ? "" : corpusSha256.toLowerCase(Locale.ROOT);
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new RnnlmException("corpus checksum '" + Errors.oneLine(String.valueOf(corpusSha256))
                    + "' is not a SHA-256 hex digest (64 hex digits); compute it with Provenance.sha256(files)");
        }
        if (toolVersion == null || toolVersion.isBlank()) {
            throw new IllegalArgumentException("toolVersion must not be blank");
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SEED, Long.toString(seed));
        m.put(CORPUS_SHA256, sha);
        m.put(TOOL_VERSION, toolVersion);
        m.put(CREATED, created.truncatedTo(ChronoUnit.SECONDS).toString());
        m.put(JAVA, Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")");
        m.put(OS, System.getProperty("os.name", "unknown") + " " + System.getProperty("os.arch", ""));
        return m;
    }

    /** SHA-256 of the files' contents concatenated in order, as 64 lower-case hex digits. */
    public static String sha256(Path... files) {
        MessageDigest md = digest();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                throw new RnnlmException("cannot checksum " + Errors.show(f) + ": it is a directory; pass the files inside it");
            }
            if (!Files.exists(f)) {
                throw new RnnlmException("cannot checksum " + Errors.show(f) + ": the file does not exist; check the path");
            }
            if (!Files.isRegularFile(f)) {
                throw new RnnlmException("cannot checksum " + Errors.show(f) + ": it is not a regular file; pass a file");
            }
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                while (ch.read(buf.clear()) >= 0) {
                    md.update(buf.flip());
                }
            } catch (AccessDeniedException e) {
                throw new RnnlmException("cannot checksum " + Errors.show(f) + ": permission denied; fix its permissions");
            } catch (IOException e) {
                throw new RnnlmException("cannot checksum " + Errors.show(f) + ": " + Errors.reason(e));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of {@code bytes}, as 64 lower-case hex digits. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
